import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import type { DataReadResult } from "../agent-protocol.js";
import { classifySocketError } from "./socket-error.js";

const MAX_DATA_BYTES = 64 * 1024 * 1024;
const HEAD_BYTES = 4096;

/**
 * A data connection's bytes, hashed from the moment it opens: a server may send before the
 * harness asks to read.
 */
export class DataStream {
  private readonly hash = createHash("sha256");
  private bytes = 0;
  private head = Buffer.alloc(0);
  private ended: DataReadResult | null = null;
  private readonly waiters: Array<(result: DataReadResult) => void> = [];

  constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.bytes += chunk.length;
      this.hash.update(chunk);
      if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk]).subarray(0, HEAD_BYTES);
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
    this.ended = { outcome, bytes: this.bytes, sha256: this.hash.digest("hex"), head: this.head.toString("latin1") };
    for (const waiter of this.waiters.splice(0)) waiter(this.ended);
  }

  /** How the stream ended, or a "timeout" result (no digest) when it is still open after `timeoutMs`. */
  untilEnd(timeoutMs: number): Promise<DataReadResult> {
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const done = (value: DataReadResult) => {
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(done);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve({ outcome: "timeout", bytes: this.bytes, sha256: null, head: this.head.toString("latin1") });
      }, timeoutMs);
      this.waiters.push(done);
    });
  }
}
