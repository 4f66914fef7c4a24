import { createHash } from "node:crypto";
import { networkInterfaces } from "node:os";
import type { AgentOps, AgentRequest } from "../agent-protocol.js";
import { ActiveListener } from "./active-listener.js";
import type { AllowList } from "./allow-list.js";
import { DataStream } from "./data-stream.js";
import { dial } from "./dial.js";
import { chooseListenAddress, type InterfaceAddress, type ListenAddress } from "./listen-address.js";
import { Listener } from "./listener.js";
import { openSilentPort } from "./silent-port.js";
import { patternBytes } from "./pattern-bytes.js";
import { ReplyReader } from "./reply-reader.js";
import { IN_PROCESS_CLIENTS } from "./run-basic-ftp.js";
import { findClient, runClient } from "./run-client.js";
import { TlsOperations } from "./tls-operations.js";

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_TIMEOUT_MS = 120000;
/** The longest tcp.accepted waits, whatever it is asked. */
const MAX_ACCEPT_WAIT_MS = 10000;

export interface AgentOptions {
  allowed: AllowList;
  /** The local address to dial from and listen on; the system's choice when undefined. */
  bindAddress: string | undefined;
  /** Where the client wrappers are. */
  clientsDir: string;
}

/** The agent's state (control sessions, data connections, listeners by handle) and one method per operation. */
export class Agent {
  private readonly sessions = new Map<string, ReplyReader>();
  private readonly streams = new Map<string, DataStream>();
  private readonly listeners = new Map<string, Listener>();
  private readonly activeListeners = new Map<string, ActiveListener>();
  private readonly tls = new TlsOperations({
    sessions: this.sessions,
    streams: this.streams,
    dial: (host, port, timeoutMs) => this.dial(host, port, timeoutMs),
    newHandle: (kind) => this.newHandle(kind),
  });
  private nextHandle = 1;

  constructor(private readonly options: AgentOptions) {}

  /** Serves one validated request; throws (an error response) for an unknown handle. */
  async handle(request: AgentRequest): Promise<AgentOps[AgentRequest["op"]]["result"]> {
    const timeoutMs = "timeoutMs" in request.args ? clampTimeout(request.args.timeoutMs) : DEFAULT_TIMEOUT_MS;
    switch (request.op) {
      case "hello":
        return { node: process.version, allowed: this.options.allowed.subnets.length };
      case "tcp.probe": {
        const { socket, ...result } = await this.dial(request.args.host, request.args.port, timeoutMs);
        socket?.destroy();
        return result;
      }
      case "ctl.open": {
        const { socket, ...result } = await this.dial(request.args.host, request.args.port, timeoutMs);
        if (!socket) return result;
        const session = this.newHandle("ctl");
        const reader = new ReplyReader(socket);
        this.sessions.set(session, reader);
        const greeting = await reader.next(timeoutMs);
        return { ...result, session, ...(socket.localAddress ? { local: socket.localAddress } : {}), ...greeting };
      }
      case "ctl.send": {
        const reader = this.session(request.args.session);
        if (reader.failure) return { failure: reader.failure };
        reader.socket.write(`${request.args.line}\r\n`, "latin1");
        return reader.next(timeoutMs);
      }
      case "ctl.read":
        return this.session(request.args.session).next(timeoutMs);
      case "ctl.close": {
        const reader = this.sessions.get(request.args.session);
        this.sessions.delete(request.args.session);
        if (!reader) return {};
        const wait = request.args.awaitServerMs;
        const serverEnded = wait === undefined ? undefined : await reader.serverEnded(clampTimeout(wait));
        reader.socket.destroy();
        return serverEnded === undefined ? {} : { serverEnded };
      }
      case "data.connect": {
        const { socket, ...result } = await this.dial(request.args.host, request.args.port, timeoutMs);
        if (!socket) return result;
        const data = this.newHandle("data");
        this.streams.set(data, new DataStream(socket, request.args.keepBytes));
        return { ...result, data };
      }
      case "data.read":
        this.tls.start(request.args.data);
        return this.stream(request.args.data).untilEnd(timeoutMs);
      case "data.write": {
        this.tls.start(request.args.data);
        const stream = this.stream(request.args.data);
        const bytes = patternBytes(request.args.size, request.args.seed);
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        await new Promise<void>((resolve) => stream.socket.end(bytes, resolve));
        return { bytes: bytes.length, sha256 };
      }
      case "data.tls-close":
        return this.tls.closeNotify(request.args.data, request.args.timeoutMs);
      case "data.close":
        this.streams.get(request.args.data)?.socket.destroy();
        this.streams.delete(request.args.data);
        return {};
      case "tcp.listen": {
        const listener = await Listener.open(this.options.bindAddress);
        const handle = this.newHandle("listen");
        this.listeners.set(handle, listener);
        return { listener: handle, port: listener.port };
      }
      case "tcp.accepted": {
        const listener = this.listeners.get(request.args.listener);
        if (!listener) throw new Error(`no listener '${request.args.listener}'`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, MAX_ACCEPT_WAIT_MS)));
        listener.close();
        this.listeners.delete(request.args.listener);
        return { peers: listener.peers };
      }
      case "data.listen": {
        const where = this.listenAddress(request.args);
        const listener = await ActiveListener.open(where.address);
        const handle = this.newHandle("active");
        this.activeListeners.set(handle, listener);
        return { listener: handle, address: where.address, port: listener.port, subnet: where.subnet };
      }
      case "data.silent-port": {
        const where = this.listenAddress(request.args);
        const { port, silent, fillers } = await openSilentPort(where.address, request.args.holdMs);
        return { address: where.address, port, silent, fillers };
      }
      case "data.accept": {
        const listener = this.activeListeners.get(request.args.listener);
        if (!listener) throw new Error(`no data listener '${request.args.listener}'`);
        this.activeListeners.delete(request.args.listener);
        const connection = await listener.accept(timeoutMs);
        if (!connection) return { outcome: "timeout", elapsedMs: timeoutMs };
        const data = this.newHandle("data");
        this.streams.set(data, connection.stream);
        if (request.args.tls) this.tls.acceptedUnderTls(data, connection.stream.socket, request.args.tls);
        const { peerAddress, peerPort, afterMs } = connection;
        return { outcome: "connected", data, peerAddress, peerPort, elapsedMs: afterMs };
      }
      case "ctl.secure":
        return this.tls.secureControl(request.args, timeoutMs);
      case "ctl.open-tls":
        return this.tls.openImplicit(request.args, timeoutMs);
      case "data.connect-tls":
        return this.tls.connectData(request.args, timeoutMs);
      case "data.tls":
        return this.tls.dataHandshake(request.args, timeoutMs);
      case "client.run": {
        const inProcess = IN_PROCESS_CLIENTS.get(request.args.client);
        if (inProcess) return inProcess(request.args.env, timeoutMs);
        const script = findClient(this.options.clientsDir, request.args.client);
        return runClient(script, request.args.args, request.args.env, timeoutMs);
      }
    }
  }

  private dial(host: string, port: number, timeoutMs: number) {
    return dial(this.options.allowed, this.options.bindAddress, host, port, timeoutMs);
  }

  /** Where this host listens for a data connection: an address of its own inside the topology. */
  private listenAddress(wanted: { address?: string; family?: "4" | "6" }): ListenAddress {
    const where = chooseListenAddress(ownInterfaces(), this.options.allowed, this.options.bindAddress, wanted);
    if (!where) throw new Error("no address of this host inside the topology to listen on");
    return where;
  }

  private newHandle(kind: string): string {
    return `${kind}-${this.nextHandle++}`;
  }

  private session(id: string): ReplyReader {
    const reader = this.sessions.get(id);
    if (!reader) throw new Error(`no control session '${id}'`);
    return reader;
  }

  private stream(id: string): DataStream {
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`no data connection '${id}'`);
    return stream;
  }
}

/** A request's timeout, kept between 1 ms and two minutes. */
function clampTimeout(ms: number): number {
  return Math.min(Math.max(ms || DEFAULT_TIMEOUT_MS, 1), MAX_TIMEOUT_MS);
}

/** This host's interface addresses. */
function ownInterfaces(): InterfaceAddress[] {
  return Object.values(networkInterfaces()).flatMap((list) => list ?? []) as InterfaceAddress[];
}
