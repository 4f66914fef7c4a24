import type { Readable } from "node:stream";
import type { BusyClock } from "../util/busy-clock.js";
import { AgentChannel, type AgentAnswer } from "./agent-channel.js";
import { parseResult, type AgentHost, type AgentOp, type AgentOps } from "./agent-protocol.js";

/** Extra time the host allows beyond an operation's own timeout, for the round trip. */
const MARGIN_MS = 3000;
const DEFAULT_TIMEOUT_MS = 5000;

interface Pending {
  op: AgentOp;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Ends the request's wait on the clocks that count it. */
  settled: () => void;
}

export class AgentError extends Error {
  override readonly name = "AgentError";
}

/**
 * Request/response with one host of an agent process (the client, or the intruder it also speaks
 * for) over the process's stdin and stdout (agent-channel.ts). Every request is bounded.
 */
export class AgentConnection {
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | null = null;
  private readonly clocks: BusyClock[] = [];
  private readonly leave: () => void;

  /** The client's connection to the agent on the other end of `input` (its stdin) and `output` (its stdout). */
  static overStreams(
    name: string,
    input: NodeJS.WritableStream,
    output: Readable,
    shutStreams: () => void = () => {},
  ): AgentConnection {
    return new AgentConnection(name, new AgentChannel(input, output, shutStreams), "client");
  }

  private constructor(
    readonly name: string,
    private readonly channel: AgentChannel,
    /** Which host of the agent process answers this connection's requests. */
    readonly host: AgentHost,
  ) {
    this.leave = channel.join((reason) => this.fail(`agent ${name} ${reason}`));
  }

  /**
   * A connection to `host` (the intruder, started with --bind-intruder) of the same agent process,
   * over the same streams: its requests name that host. Each connection is closed on its own; the
   * process's streams close with the last.
   */
  forHost(host: AgentHost, name: string): AgentConnection {
    return new AgentConnection(name, this.channel, host);
  }

  /** Counts the time this connection's requests are outstanding on `clock` (the bench's waiting on the topology). */
  countWaitsOn(clock: BusyClock): void {
    this.clocks.push(clock);
  }

  /**
   * Sends one request; it fails when no answer comes within the operation's own timeout (its
   * `timeoutMs`, else DEFAULT_TIMEOUT_MS) plus a margin for the round trip, or within `answerWithinMs`
   * when given (an agent's first answer, which waits for its process to start).
   */
  request<K extends AgentOp>(
    op: K,
    args: AgentOps[K]["args"],
    answerWithinMs?: number,
  ): Promise<AgentOps[K]["result"]> {
    if (this.closedReason) return Promise.reject(new AgentError(this.closedReason));
    const waitMs = answerWithinMs ?? ("timeoutMs" in args ? Number(args.timeoutMs) : DEFAULT_TIMEOUT_MS) + MARGIN_MS;
    const clocks = [...this.clocks];
    for (const clock of clocks) clock.begin();
    const settled = () => clocks.forEach((clock) => clock.end());
    return new Promise((resolve, reject) => {
      const id = this.channel.newId();
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.channel.forget(id);
        settled();
        reject(new AgentError(`agent ${this.name}: no answer to ${op} within ${waitMs} ms`));
      }, waitMs);
      this.pending.set(id, { op, resolve: resolve as (value: unknown) => void, reject, timer, settled });
      // The client's requests name no host: the agent's default.
      const request = { ...(this.host === "client" ? {} : { as: this.host }), op, ...args };
      this.channel.send(id, request, (answer) => this.answered(id, answer));
    });
  }

  /** Ends this connection (its outstanding requests fail); closing twice is harmless. */
  close(): void {
    this.fail(`agent ${this.name} closed`);
    this.leave();
  }

  private answered(id: number, answer: AgentAnswer): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.settled();
    if (answer.ok !== true) {
      pending.reject(
        new AgentError(`agent ${this.name}: ${typeof answer.error === "string" ? answer.error : "request failed"}`),
      );
      return;
    }
    // Checked against the protocol's schema: a drifted agent fails here, naming the field.
    try {
      pending.resolve(parseResult(pending.op, answer));
    } catch (error) {
      pending.reject(new AgentError(`agent ${this.name}: ${(error as Error).message}`));
    }
  }

  private fail(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const [id, pending] of this.pending) {
      this.channel.forget(id);
      clearTimeout(pending.timer);
      pending.settled();
      pending.reject(new AgentError(reason));
    }
    this.pending.clear();
  }
}
