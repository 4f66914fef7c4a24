import { connect, type Socket } from "node:net";
import { Worker } from "node:worker_threads";

/** The longest a port stays silent, whatever the harness asks. */
const MAX_HOLD_MS = 120000;
/** How long a dial to the port may take before it counts as unanswered. */
const SILENCE_MS = 300;
/** Dials that may still be answered while the kernel's accept queue fills. */
const MAX_FILLERS = 6;

/**
 * A listener in a worker thread whose event loop is blocked: nothing is ever accepted, so once the
 * kernel's accept queue (backlog 1) is full, it drops every further SYN. From outside the port is
 * there but never answers, like a host behind a dropping firewall, on the client's own address.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createServer } = require("node:net");
const server = createServer();
server.on("error", (error) => { parentPort.postMessage({ error: error.message }); process.exit(1); });
server.listen({ host: workerData.host, port: 0, backlog: 1 }, () => {
  parentPort.postMessage({ port: server.address().port });
  Atomics.wait(new Int32Array(workerData.stop), 0, 0, workerData.holdMs);
  server.close();
  process.exit(0);
});`;

/** A port on this host where a connection attempt meets silence, until it is released. */
export interface SilentPort {
  port: number;
  /** True once a dial to it went unanswered: the evidence that it is silent. */
  silent: boolean;
  /** Dials it answered before its queue was full (held until release). */
  fillers: number;
  release(): void;
}

/** Opens a silent port on `address` for up to `holdMs` (then it is released on its own). */
export async function openSilentPort(address: string, holdMs: number): Promise<SilentPort> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { host: address, holdMs: Math.min(holdMs, MAX_HOLD_MS), stop },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("message", (message: { port?: number; error?: string }) =>
      message.port ? resolve(message.port) : reject(new Error(`silent port: ${message.error ?? "no port"}`)),
    );
    worker.once("error", reject);
  });
  const held: Socket[] = [];
  let silent = false;
  for (let i = 0; i < MAX_FILLERS; i++) {
    const answer = await dialOnce(address, port);
    if (answer === "refused") break;
    if (answer === "silent") {
      silent = true;
      break;
    }
    held.push(answer);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const flag = new Int32Array(stop);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    for (const socket of held) socket.destroy();
  };
  worker.once("exit", release);
  worker.unref();
  return { port, silent, fillers: held.length, release };
}

/** The socket when the dial was answered within SILENCE_MS, "silent" when not (the attempt abandoned), "refused" on an error. */
function dialOnce(host: string, port: number): Promise<Socket | "silent" | "refused"> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let settled = false;
    // When the timer fires late (a busy event loop), an answer may already wait in the poll phase,
    // which runs before setImmediate's: only a dial still unanswered then counts as silent.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          socket.destroy();
          resolve("silent");
        }),
      SILENCE_MS,
    );
    socket.once("connect", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve("refused");
    });
  });
}
