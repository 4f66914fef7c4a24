import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { BusyClock } from "../util/busy-clock.js";
import { parseResult, type AgentOp, type AgentOps } from "./agent-protocol.js";

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

/** Request/response over one stream pair: the agent's stdin and stdout. Every request is bounded. */
export class AgentConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | null = null;
  private readonly clocks: BusyClock[] = [];

  constructor(
    readonly name: string,
    private readonly input: NodeJS.WritableStream,
    output: Readable,
    private readonly onClose: () => void = () => {},
  ) {
    const lines = createInterface({ input: output, crlfDelay: Infinity });
    lines.on("line", (line) => this.onLine(line));
    lines.on("close", () => this.fail(`agent ${name} closed its output`));
    input.on("error", (error) => this.fail(`agent ${name}: ${error.message}`));
  }

  /** Counts the time this connection's requests are outstanding on `clock` (the bench's waiting on the topology). */
  countWaitsOn(clock: BusyClock): void {
    this.clocks.push(clock);
  }

  request<K extends AgentOp>(op: K, args: AgentOps[K]["args"]): Promise<AgentOps[K]["result"]> {
    if (this.closedReason) return Promise.reject(new AgentError(this.closedReason));
    const id = this.nextId++;
    const opTimeout = "timeoutMs" in args ? Number(args.timeoutMs) : DEFAULT_TIMEOUT_MS;
    const clocks = [...this.clocks];
    for (const clock of clocks) clock.begin();
    const settled = () => clocks.forEach((clock) => clock.end());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        settled();
        reject(new AgentError(`agent ${this.name}: no answer to ${op} within ${opTimeout + MARGIN_MS} ms`));
      }, opTimeout + MARGIN_MS);
      this.pending.set(id, { op, resolve: resolve as (value: unknown) => void, reject, timer, settled });
      this.input.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  close(): void {
    this.fail(`agent ${this.name} closed`);
    this.input.end();
    this.onClose();
  }

  private onLine(line: string): void {
    let message: { id?: number; ok?: boolean; error?: string };
    try {
      message = JSON.parse(line);
    } catch {
      return; // not a protocol line (a stray log line from the container)
    }
    const pending = typeof message.id === "number" ? this.pending.get(message.id) : undefined;
    if (!pending) return;
    this.pending.delete(message.id as number);
    clearTimeout(pending.timer);
    pending.settled();
    if (!message.ok) {
      pending.reject(new AgentError(`agent ${this.name}: ${message.error ?? "request failed"}`));
      return;
    }
    // Checked against the protocol's schema: a drifted agent fails here, naming the field.
    try {
      pending.resolve(parseResult(pending.op, message));
    } catch (error) {
      pending.reject(new AgentError(`agent ${this.name}: ${(error as Error).message}`));
    }
  }

  private fail(reason: string): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.settled();
      pending.reject(new AgentError(reason));
    }
    this.pending.clear();
  }
}
