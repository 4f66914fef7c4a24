import type { Socket } from "node:net";
import type { FtpReply, ReplyFailure, ReplyResult } from "../agent-protocol.js";
import { EMPTY_FRAMER, frameReplies, type FramerState } from "./frame-replies.js";
import { classifySocketError } from "./socket-error.js";
import { boundedWait } from "./bounded-wait.js";
import { closedWithin } from "./closed-within.js";

/** A control connection's replies, framed as they arrive and handed out one per read, each read bounded. */
export class ReplyReader {
  private state: FramerState = EMPTY_FRAMER;
  private readonly replies: FtpReply[] = [];
  private readonly waiters: Array<(result: ReplyResult) => void> = [];
  failure: ReplyFailure | null = null;

  constructor(readonly socket: Socket) {
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("end", () => this.fail("closed"));
    socket.on("close", () => this.fail("closed"));
    socket.on("error", (error) => this.fail(classifySocketError(error) === "reset" ? "reset" : "closed"));
  }

  private onData(chunk: string): void {
    if (this.failure) return;
    const framed = frameReplies(this.state, chunk);
    this.state = framed.state;
    for (const reply of framed.replies) this.push(reply);
    if (framed.failure) {
      this.fail(framed.failure);
      this.socket.destroy();
    }
  }

  private push(reply: FtpReply): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter({ reply });
    else this.replies.push(reply);
  }

  private fail(reason: ReplyFailure): void {
    if (this.failure) return;
    this.failure = reason;
    for (const waiter of this.waiters.splice(0)) waiter({ failure: reason });
  }

  /** Whether the server ended the connection (closed or reset it) within `timeoutMs`. */
  serverEnded(timeoutMs: number): Promise<boolean> {
    return closedWithin(this.socket, timeoutMs);
  }

  /** The next reply, or why there is none: the connection ended, broke a limit, or `timeoutMs` passed. */
  next(timeoutMs: number): Promise<ReplyResult> {
    const queued = this.replies.shift();
    if (queued) return Promise.resolve({ reply: queued });
    if (this.failure) return Promise.resolve({ failure: this.failure });
    return boundedWait(this.waiters, timeoutMs, () => ({ failure: "timeout" }));
  }
}
