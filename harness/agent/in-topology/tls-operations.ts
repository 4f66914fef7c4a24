import { appendFileSync } from "node:fs";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect, type TLSSocket } from "node:tls";
import type { AgentOps } from "../agent-protocol.js";
import { TLS_KEY_LOG_PATH } from "../tls-key-log.js";
import type { DataSessionOffer, TlsHandshake, TlsVersion } from "../tls-protocol.js";
import { closedWithin } from "./closed-within.js";
import { DataStream } from "./data-stream.js";
import type { Dialled } from "./dial.js";
import { ReplyReader } from "./reply-reader.js";
import { awaitHandshake } from "./tls-handshake.js";
import { closeNotifyFrom, type CloseNotifyFinding } from "./tls-close-notify.js";
import { tapInbound } from "./tls-record-tap.js";
import { RecordLog } from "./tls-records.js";

/** What the TLS operations use of the agent's state. */
export interface TlsAgentState {
  sessions: Map<string, ReplyReader>;
  streams: Map<string, DataStream>;
  dial(host: string, port: number, timeoutMs: number): Promise<Dialled>;
  newHandle(kind: string): string;
}

/** A data connection under TLS whose handshake has not started yet. */
interface DeferredHandshake {
  raw: Socket;
  ca: string;
  session: Buffer | undefined;
  /** The protected control connection it serves: the sessions its handshake yields are kept there (ControlTls.newest). */
  control: ControlTls | undefined;
  version: TlsVersion | undefined;
  /** The address the certificate is matched against. */
  host: string;
  keepBytes: number | undefined;
  /** Watch the server's records, to tell whether it sent close_notify before closing (data.tls-close). */
  watchClose: boolean;
}

/** What a watched data connection's server sent: its records, the socket, and its traffic secret from the key log. */
interface WatchedClose {
  log: RecordLog;
  raw: Socket;
  /** The version and cipher, kept once the handshake completes (a closed socket no longer tells them). */
  protocol: string | null;
  cipher: string | undefined;
  serverSecret: Buffer | undefined;
}

/** A TLS session a connection of a control session was given, and that connection's handle. */
interface IssuedSession {
  session: Buffer;
  from: string;
}

/** A protected control connection: its TLS session, kept current, for data connections to resume. */
interface ControlTls {
  socket: TLSSocket;
  session: Buffer | undefined;
  /** The newest session the server issued on it or on a data connection serving it (offer "newest"). */
  newest: IssuedSession | undefined;
  /** The version the control connection was pinned to: its data connections are pinned to it too. */
  version: TlsVersion | undefined;
}

/** Versions below TLS 1.2: OpenSSL 3 offers them only at security level 0 (SHA-1 signatures). */
const LEGACY_VERSIONS: readonly TlsVersion[] = ["TLSv1", "TLSv1.1"];

/** Node's options pinning a handshake to `version`, or none (Node's default range). */
export function versionOptions(version: TlsVersion | undefined) {
  if (!version) return {};
  return {
    minVersion: version,
    maxVersion: version,
    ...(LEGACY_VERSIONS.includes(version) ? { ciphers: "DEFAULT@SECLEVEL=0" } : {}),
  };
}

/** Keys are logged for a capture to be read; a log that cannot be written must not break a check. */
function logKeys(socket: TLSSocket, path: string): void {
  socket.on("keylog", (line: Buffer) => {
    try {
      appendFileSync(path, line);
    } catch {
      // no key log: the handshake and the check go on
    }
  });
}

/**
 * FTPS for the agent (RFC 4217): a control connection upgraded after AUTH TLS, or TLS from the
 * first byte (implicit); data connections under TLS, resuming the control connection's TLS
 * session or not. Every handshake trusts only the CA the request names and reports what it saw
 * (chain, dates, name) rather than refusing: the checks judge. Every session's keys go to the key log.
 */
export class TlsOperations {
  private readonly controls = new Map<string, ControlTls>();
  private readonly handshakes = new Map<string, Promise<TlsHandshake>>();
  /** Data connections under TLS whose handshake waits for the transfer command (see start()). */
  private readonly deferred = new Map<string, DeferredHandshake>();
  private readonly watched = new Map<string, WatchedClose>();

  constructor(
    private readonly agent: TlsAgentState,
    private readonly keyLogPath = process.env.FTP_CONFORMANCE_TLS_KEY_LOG || TLS_KEY_LOG_PATH,
  ) {}

  private wrap(
    raw: Duplex,
    ca: string,
    version: TlsVersion | undefined,
    session?: Buffer,
    servername?: string,
  ): TLSSocket {
    // Permissive, so that the evidence is gathered whatever the certificate: describeSecured then
    // judges it as a verifying client would (the chain to `ca` alone, its dates, and the name
    // against the address dialled, since without a servername Node would match "localhost"; or
    // against the host name asked for, sent as SNI as a client that dialled the name does).
    const socket = connect({
      socket: raw,
      ca,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...versionOptions(version),
      ...(session ? { session } : {}),
      ...(servername ? { servername } : {}),
    });
    logKeys(socket, this.keyLogPath);
    return socket;
  }

  private track(handle: string, socket: TLSSocket, version: TlsVersion | undefined): void {
    const control: ControlTls = { socket, session: undefined, newest: undefined, version };
    socket.on("session", (session: Buffer) => {
      control.session = session;
      control.newest = { session, from: handle };
    });
    this.controls.set(handle, control);
    socket.once("close", () => this.controls.delete(handle));
  }

  /** After the server's 234 to AUTH TLS: the handshake on the control connection, whose replies are read under TLS from now on. */
  async secureControl(args: AgentOps["ctl.secure"]["args"], timeoutMs: number): Promise<TlsHandshake> {
    const reader = this.agent.sessions.get(args.session);
    if (!reader) throw new Error(`no control session '${args.session}'`);
    if (this.controls.has(args.session)) throw new Error(`control session '${args.session}' is already protected`);
    const host = args.servername ?? plainAddress(reader.socket.remoteAddress);
    const socket = this.wrap(reader.socket, args.ca, args.version, undefined, args.servername);
    this.track(args.session, socket, args.version);
    this.agent.sessions.set(args.session, new ReplyReader(socket));
    const handshake = await awaitHandshake(socket, host, args.ca, timeoutMs);
    if (handshake.outcome !== "secured") socket.destroy();
    return handshake;
  }

  /** Implicit FTPS: TLS from the first byte, then the greeting under it. */
  async openImplicit(
    args: AgentOps["ctl.open-tls"]["args"],
    timeoutMs: number,
  ): Promise<AgentOps["ctl.open-tls"]["result"]> {
    const { socket: raw, ...dialled } = await this.agent.dial(args.host, args.port, timeoutMs);
    if (!raw) return dialled;
    const socket = this.wrap(raw, args.ca, args.version, undefined, args.servername);
    const reader = new ReplyReader(socket);
    const tls = await awaitHandshake(socket, args.servername ?? args.host, args.ca, timeoutMs);
    if (tls.outcome !== "secured") {
      socket.destroy();
      return { ...dialled, tls };
    }
    const session = this.agent.newHandle("ctl");
    this.agent.sessions.set(session, reader);
    this.track(session, socket, args.version);
    const greeting = await reader.next(timeoutMs);
    return { ...dialled, session, ...(raw.localAddress ? { local: raw.localAddress } : {}), ...greeting, tls };
  }

  /**
   * A data connection under TLS (PROT P): connected now, its handshake started by start() when the
   * harness first reads, writes or asks how it went, i.e. once the transfer command is sent, as
   * clients do (pyftpdlib resets a data connection whose handshake comes before the command).
   * `resume` names the control session whose TLS session to offer, or null for a fresh handshake.
   */
  async connectData(
    args: AgentOps["data.connect-tls"]["args"],
    timeoutMs: number,
  ): Promise<AgentOps["data.connect-tls"]["result"]> {
    const offered = this.sessionOf(args.resume, args.offer ?? "control");
    const version = args.version ?? this.versionOf(args.resume);
    const { socket: raw, ...dialled } = await this.agent.dial(args.host, args.port, timeoutMs);
    if (!raw) return dialled;
    const data = this.agent.newHandle("data");
    this.defer(data, {
      raw,
      ca: args.ca,
      session: offered?.session,
      control: this.controlOf(args.resume),
      version,
      host: args.host,
      keepBytes: args.keepBytes,
      watchClose: args.watchClose === true,
    });
    return {
      ...dialled,
      data,
      offeredSession: offered !== undefined,
      ...(offered ? { offeredFrom: offered.from } : {}),
    };
  }

  /**
   * Active mode under TLS (PROT P): the connection the server opened to data.accept's listener,
   * `data`, gets the client's handshake (RFC 4217 section 7), deferred as connectData's is.
   */
  acceptedUnderTls(data: string, raw: Socket, tls: { ca: string; resume: string | null; version?: TlsVersion }): void {
    const host = plainAddress(raw.remoteAddress);
    const session = this.sessionOf(tls.resume, "control")?.session;
    const version = tls.version ?? this.versionOf(tls.resume);
    const control = this.controlOf(tls.resume);
    this.defer(data, { raw, ca: tls.ca, session, control, version, host, keepBytes: undefined, watchClose: false });
  }

  /** The version control connection `resume` was pinned to, if any. */
  private versionOf(resume: string | null): TlsVersion | undefined {
    return resume === null ? undefined : this.controls.get(resume)?.version;
  }

  /** Control connection `resume`'s TLS state, when it names one. */
  private controlOf(resume: string | null): ControlTls | undefined {
    return resume === null ? undefined : this.controls.get(resume);
  }

  /**
   * The TLS session to offer for control connection `resume` (none for null): its own, or with
   * "newest" the newest one issued in its session, with the handle of the connection that got it.
   */
  private sessionOf(resume: string | null, offer: DataSessionOffer): IssuedSession | undefined {
    if (resume === null) return undefined;
    const control = this.controls.get(resume);
    if (!control) throw new Error(`control session '${resume}' is not protected: nothing to resume`);
    if (offer === "newest" && control.newest) return control.newest;
    const session = control.session ?? control.socket.getSession();
    return session ? { session, from: resume } : undefined;
  }

  private defer(data: string, pending: DeferredHandshake): void {
    const { raw } = pending;
    // Until the handshake starts, the plain connection stands in (data.close ends it).
    this.agent.streams.set(data, new DataStream(raw, pending.keepBytes));
    this.deferred.set(data, pending);
    // A connection the server has ended (FIN) is not wrapped any more: a TLS socket over an ended
    // one never reports its end, and the connection would read as held open (vsftpd closing a
    // foreign data connection raced the harness's first read, between 'end' and 'close').
    raw.once("end", () => this.endedBeforeHandshake(data));
    raw.once("close", () => this.endedBeforeHandshake(data));
  }

  /** Starts the TLS handshake of a data.connect-tls connection that has not started it yet; else nothing. */
  start(data: string): void {
    const pending = this.deferred.get(data);
    if (!pending) return;
    if (pending.raw.readableEnded || pending.raw.destroyed) {
      this.endedBeforeHandshake(data);
      return;
    }
    this.deferred.delete(data);
    const log = pending.watchClose ? new RecordLog() : undefined;
    const transport = log ? tapInbound(pending.raw, log) : pending.raw;
    const socket = this.wrap(transport, pending.ca, pending.version, pending.session);
    const { control } = pending;
    // Under TLS 1.3 tickets come after the handshake, on any connection: the newest is offered next ("newest").
    if (control) socket.on("session", (session: Buffer) => (control.newest = { session, from: data }));
    if (log) {
      this.watch(data, log, pending.raw, socket);
      // Over a stream that is not a net.Socket, Node's TLS socket is half-open: answer the server's
      // close_notify with ours as it does over a TCP socket (vsftpd waits for it before its 226).
      socket.once("end", () => socket.end());
    }
    // Unbounded here: a handshake ends with the connection at the latest, and data.tls bounds the wait.
    this.handshakes.set(data, awaitHandshake(socket, pending.host, pending.ca, 24 * 60 * 60 * 1000));
    this.agent.streams.set(data, new DataStream(socket, pending.keepBytes));
  }

  private watch(data: string, log: RecordLog, raw: Socket, socket: TLSSocket): void {
    const watched: WatchedClose = { log, raw, protocol: null, cipher: undefined, serverSecret: undefined };
    socket.once("secureConnect", () => {
      watched.protocol = socket.getProtocol();
      watched.cipher = socket.getCipher()?.standardName;
    });
    socket.on("keylog", (line: Buffer) => {
      const match = /^SERVER_TRAFFIC_SECRET_0 \S+ ([0-9a-f]+)/i.exec(line.toString("latin1"));
      if (match?.[1]) watched.serverSecret = Buffer.from(match[1], "hex");
    });
    this.watched.set(data, watched);
    raw.once("close", () => setTimeout(() => this.watched.delete(data), 60_000).unref());
  }

  /**
   * Whether the server sent close_notify before it closed watched data connection `data`, waiting
   * up to `timeoutMs` for its close: the transfer's reply can come before the agent has read the
   * connection's end (a loaded machine), and the last record is only known once it has.
   */
  async closeNotify(data: string, timeoutMs: number): Promise<CloseNotifyFinding> {
    const watched = this.watched.get(data);
    if (!watched) throw new Error(`data connection '${data}' is not watched for close_notify (watchClose)`);
    if (!(await closedWithin(watched.raw, timeoutMs))) {
      return { closeNotify: "undecided", detail: `the server had not closed the connection after ${timeoutMs} ms` };
    }
    return closeNotifyFrom(watched.log, watched);
  }

  /**
   * The server ended a data connection whose handshake had not started (a server refusing the data
   * connection by its source closes it at once): its handshake reads as closed, not as unknown.
   */
  private endedBeforeHandshake(data: string): void {
    if (!this.deferred.delete(data)) return;
    this.handshakes.set(
      data,
      Promise.resolve({
        outcome: "closed",
        error: "the server ended the connection before the handshake",
        elapsedMs: 0,
      }),
    );
  }

  /** How a data connection's handshake went, waiting up to `timeoutMs` for it to end. */
  async dataHandshake(args: AgentOps["data.tls"]["args"], timeoutMs: number): Promise<TlsHandshake> {
    this.start(args.data);
    const handshake = this.handshakes.get(args.data);
    if (!handshake) throw new Error(`no data connection under TLS '${args.data}'`);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const pending = new Promise<TlsHandshake>((resolve) => {
      timer = setTimeout(() => resolve({ outcome: "pending", elapsedMs: Date.now() - started }), timeoutMs);
    });
    const result = await Promise.race([handshake, pending]);
    clearTimeout(timer);
    return result;
  }
}

/** An IPv4-mapped address as its IPv4 form, for the certificate name check. */
const plainAddress = (address: string | undefined) => (address ?? "").replace(/^::ffff:/, "");
