import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

/** An answer line from the agent: the id of the request it answers, then ok with the result, or the error. */
export type AgentAnswer = { id?: unknown; ok?: unknown; error?: unknown } & Record<string, unknown>;

/**
 * One agent process's stdin and stdout, shared by the connections that speak for its hosts
 * (agent-connection.ts): gives each request an id unique on the pair, hands each answer
 * to whoever waits for its id, and tells every connection when the pair ends. The stream pair is
 * closed once the last connection has left.
 */
export class AgentChannel {
  private nextId = 1;
  private readonly awaiting = new Map<number, (answer: AgentAnswer) => void>();
  /** Each connection still on the channel, by what it does when the channel ends. */
  private readonly members = new Set<(reason: string) => void>();
  /** Why the channel ended, to follow the agent's name ("closed its output", "failed: ..."); null while it runs. */
  private endedReason: string | null = null;
  private shut = false;

  /** `shutStreams` ends the stream pair for good once the last member has left (kills the child, destroys the engine stream). */
  constructor(
    private readonly input: NodeJS.WritableStream,
    output: Readable,
    private readonly shutStreams: () => void = () => {},
  ) {
    const lines = createInterface({ input: output, crlfDelay: Infinity });
    lines.on("line", (line) => this.onLine(line));
    lines.on("close", () => this.end("closed its output"));
    input.on("error", (error) => this.end(`failed: ${error.message}`));
  }

  /**
   * A connection joins: `onEnd` hears why, should the channel end while it is a member (at once when
   * it has ended already). Returns how it leaves; leaving twice is harmless.
   */
  join(onEnd: (reason: string) => void): () => void {
    if (this.endedReason) onEnd(this.endedReason);
    else this.members.add(onEnd);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.members.delete(onEnd);
      if (this.members.size === 0) this.shutDown();
    };
  }

  /** An id no request on this channel has had, whichever connection asks. */
  newId(): number {
    return this.nextId++;
  }

  /** Writes request `id`'s line; `answered` gets the answer with that id (from the next tick, or during the write). */
  send(id: number, request: Record<string, unknown>, answered: (answer: AgentAnswer) => void): void {
    this.awaiting.set(id, answered);
    this.input.write(`${JSON.stringify({ id, ...request })}\n`);
  }

  /** Stops waiting for request `id`'s answer (it timed out, or its connection closed): a late answer is dropped. */
  forget(id: number): void {
    this.awaiting.delete(id);
  }

  private onLine(line: string): void {
    let answer: AgentAnswer;
    try {
      answer = JSON.parse(line) as AgentAnswer;
    } catch {
      return; // not a protocol line (a stray log line from the container)
    }
    if (typeof answer !== "object" || answer === null || typeof answer.id !== "number") return;
    const answered = this.awaiting.get(answer.id);
    if (!answered) return;
    this.awaiting.delete(answer.id);
    answered(answer);
  }

  private end(reason: string): void {
    if (this.endedReason) return;
    this.endedReason = reason;
    this.awaiting.clear();
    for (const onEnd of [...this.members]) onEnd(reason);
  }

  private shutDown(): void {
    if (this.shut) return;
    this.shut = true;
    this.end("closed");
    this.input.end();
    this.shutStreams();
  }
}
