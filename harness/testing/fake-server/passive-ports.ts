import { createServer, type AddressInfo, type Server } from "node:net";
import type { PassivePorts } from "./policy.js";

let nextSequentialPort = 0;

/**
 * Listens on `host` at a port `ports` allows: any free one; in sequence from a port, stepping over
 * ports in use; or the first free one of a range. False when the range has no free port.
 */
export async function listenPassive(listener: Server, host: string, ports: PassivePorts): Promise<boolean> {
  if (ports.kind === "range") {
    for (let port = ports.min; port <= ports.max; port++) {
      const error = await tryListen(listener, host, port);
      if (!error) return true;
      if (error.code !== "EADDRINUSE") throw error;
    }
    return false;
  }
  const from = ports.kind === "sequential" ? ports.from : undefined;
  for (let attempt = 0; ; attempt++) {
    const port = from === undefined ? 0 : from + (nextSequentialPort++ % 1000);
    const error = await tryListen(listener, host, port);
    if (!error) return true;
    if (error.code !== "EADDRINUSE" || from === undefined || attempt >= 20) throw error;
  }
}

function tryListen(listener: Server, host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    listener.once("error", resolve);
    listener.listen(port, host, () => {
      listener.off("error", resolve);
      resolve(undefined);
    });
  });
}

/** A port on `host` that was free a moment ago and that nothing listens on now. */
export async function deadPort(host: string): Promise<number> {
  const dead = createServer();
  await new Promise<void>((resolve) => dead.listen(0, host, resolve));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  return port;
}
