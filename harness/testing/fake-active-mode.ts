import { connect, type AddressInfo, type Server, type Socket } from "node:net";
import { parseAddress } from "../util/ip-address.js";

/**
 * The fake server's active mode (PORT, EPRT |1| and |2|), and its faults for the self-tests. A
 * correct fake dials the address and port it was given from its control port - 1 (RFC 959 section
 * 3.2's L-1: port 20 for a server on 21; the fake listens on a high port, so it is configurable),
 * and answers 425 when the dial fails.
 */
export interface FakeActiveBehaviour {
  /** The port data connections come from (the fake's "port 20"): default its control port - 1; "ephemeral" for any. */
  sourcePort?: number | "ephemeral";
  /** Fault: dials this address instead of the one PORT/EPRT named. */
  dialAddress?: string;
  /** Addresses where nothing answers (a host that is not there): a dial meets silence until the connect timeout. */
  silentHosts?: readonly string[];
  /** How long a dial may take before the fake gives up with 425 (default 500 ms). */
  connectTimeoutMs?: number;
  /** Fault: a dial that fails gets no reply at all (the session hangs instead of answering 425). */
  hangWhenUnreachable?: boolean;
  /** Fault: every active-mode download arrives with its first byte flipped. */
  corrupt?: boolean;
}

export interface ActiveTarget {
  host: string;
  port: number;
}

/** PORT's h1,h2,h3,h4,p1,p2 or EPRT's |1|addr|port| / |2|addr|port|; undefined when malformed. Pure. */
export function parseActiveArgument(verb: "PORT" | "EPRT", argument: string): ActiveTarget | undefined {
  if (verb === "PORT") {
    const n = argument.split(",").map(Number);
    if (n.length !== 6 || n.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined;
    return { host: n.slice(0, 4).join("."), port: (n[4] as number) * 256 + (n[5] as number) };
  }
  const [, protocol, host, port, rest] = argument.split(argument[0] ?? "|");
  const address = host ? parseAddress(host) : null;
  if (rest !== "" || !address || !/^\d+$/.test(port ?? "")) return undefined;
  if ((protocol === "1") !== (address.kind() === "ipv4") || !["1", "2"].includes(protocol ?? "")) return undefined;
  return { host, port: Number(port) } as ActiveTarget;
}

/** Where the fake's control connection is, for the source of its data connections. */
export interface ControlSide {
  localAddress: string;
  controlPort: number;
}

export type ActiveDial = { socket: Socket } | { failed: string };

/** Opens the data connection PORT/EPRT asked for, as the behaviour says; bounded by the connect timeout. */
export function dialActive(
  target: ActiveTarget,
  control: ControlSide,
  behaviour: FakeActiveBehaviour,
): Promise<ActiveDial> {
  const host = behaviour.dialAddress ?? target.host;
  const timeoutMs = behaviour.connectTimeoutMs ?? 500;
  if (behaviour.silentHosts?.includes(host)) {
    return new Promise((resolve) => setTimeout(resolve, timeoutMs, { failed: `no answer from ${host}` }));
  }
  const source = behaviour.sourcePort ?? control.controlPort - 1;
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port: target.port,
      localAddress: control.localAddress,
      ...(source === "ephemeral" ? {} : { localPort: source }),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ failed: `no answer from ${host} within ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      resolve({ failed: error.message });
    });
  });
}

/** What an active-mode download sends: the content, or with its first byte flipped when so scripted. */
export function activeContent(content: Buffer, behaviour: FakeActiveBehaviour): Buffer {
  if (!behaviour.corrupt || content.length === 0) return content;
  const copy = Buffer.from(content);
  copy[0] = (copy[0] as number) ^ 0xff;
  return copy;
}

/** Control ports the fake listens on: odd ports below the kernel's ephemeral range (32768-60999). */
const CONTROL_PORTS = { min: 20001, max: 29999 };

/**
 * Listens on an odd port below the ephemeral range, so its L-1 (even, below it too) is free for the
 * fake's active-mode connections: an ephemeral control port's L-1 is where the kernel puts the
 * source ports of outgoing connections (measured: bind EADDRINUSE). Returns the port.
 */
export async function listenControl(server: Server, host: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const span = (CONTROL_PORTS.max - CONTROL_PORTS.min) / 2;
    const port = CONTROL_PORTS.min + 2 * Math.floor(Math.random() * span);
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once("error", resolve);
      server.listen(port, host, () => {
        server.off("error", resolve);
        resolve(undefined);
      });
    });
    if (!error) return (server.address() as AddressInfo).port;
    if (error.code !== "EADDRINUSE") throw error;
  }
  throw new Error("no free control port for the fake server");
}
