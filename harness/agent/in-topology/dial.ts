import { connect, type Socket } from "node:net";
import type { DialResult } from "../agent-protocol.js";
import type { AllowList } from "./allow-list.js";
import { classifySocketError } from "./socket-error.js";

/** A dial's result, with the socket when it connected. */
export type Dialled = DialResult & { socket?: Socket };

/** Connects to host:port if the allow-list lets it, within `timeoutMs`, from `bindAddress` when given. */
export function dial(
  allowed: AllowList,
  bindAddress: string | undefined,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Dialled> {
  const refusal = allowed.refusal(host);
  if (refusal) return Promise.resolve({ outcome: refusal, elapsedMs: 0 });
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return Promise.resolve({ outcome: "bad-port", elapsedMs: 0 });
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect({ host, port, ...(bindAddress ? { localAddress: bindAddress } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ outcome: "timeout", elapsedMs: Date.now() - started });
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve({ outcome: "connected", socket, elapsedMs: Date.now() - started });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        outcome: classifySocketError(error),
        ...(error.code ? { detail: error.code } : {}),
        elapsedMs: Date.now() - started,
      });
    });
  });
}
