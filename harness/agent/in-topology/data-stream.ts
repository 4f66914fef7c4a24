import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import { DEFAULT_KEPT_BYTES, type DataReadResult } from "../agent-protocol.js";
import { classifySocketError } from "./socket-error.js";
import { boundedWait } from "./bounded-wait.js";

const MAX_DATA_BYTES = 64 * 1024 * 1024;

/**
 * A data connection's bytes, hashed from the moment it opens: a server may send before the
 * harness asks to read. The first `keepBytes` are kept and come back as `head` (a listing is read
 * whole this way, up to the caller's cap).
 */
export class DataStream {
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private ended: DataReadResult | null = null;
  private readonly waiters: Array<(result: DataReadResult) => void> = [];

  constructor(
    readonly socket: Socket,
    private readonly keepBytes: number = DEFAULT_KEPT_BYTES,
  ) {
    socket.on("data", (chunk: Buffer) => {
      this.bytes += chunk.length;
      this.hash.update(chunk);
      if (this.keptBytes < this.keepBytes) {
        const part = chunk.subarray(0, this.keepBytes - this.keptBytes);
        this.kept.push(part);
        this.keptBytes += part.length;
      }
      if (this.bytes > MAX_DATA_BYTES) {
        this.finish("limit");
        socket.destroy();
      }
    });
    socket.on("end", () => this.finish("eof"));
    socket.on("error", (error) => this.finish(classifySocketError(error) === "reset" ? "reset" : "error"));
    socket.on("close", () => this.finish("eof"));
  }

  private finish(outcome: DataReadResult["outcome"]): void {
    if (this.ended) return;
    this.ended = { outcome, bytes: this.bytes, sha256: this.hash.digest("hex"), head: this.head() };
    for (const waiter of this.waiters.splice(0)) waiter(this.ended);
  }

  private head(): string {
    return Buffer.concat(this.kept).toString("latin1");
  }

  /** How the stream ended, or a "timeout" result (no digest) when it is still open after `timeoutMs`. */
  untilEnd(timeoutMs: number): Promise<DataReadResult> {
    if (this.ended) return Promise.resolve(this.ended);
    return boundedWait(this.waiters, timeoutMs, () => ({
      outcome: "timeout",
      bytes: this.bytes,
      sha256: null,
      head: this.head(),
    }));
  }
}
