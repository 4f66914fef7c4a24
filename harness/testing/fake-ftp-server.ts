import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { fixtureFiles } from "../fixtures/fixture-files.js";
import { parseAddress } from "../util/ip-address.js";
import { FakeTlsSession, serverTls, type FakeTlsBehaviour } from "./fake-tls.js";
import {
  activeContent,
  dialActive,
  listenControl,
  parseActiveArgument,
  type FakeActiveBehaviour,
} from "./fake-active-mode.js";

/** What a fake session does with one command: a reply, or a misbehaviour. */
export type CommandAction =
  | { reply: string }
  | { hang: true }
  | { close: true }
  /** Sends raw bytes without a line end, then hangs: a reply cut mid-line. */
  | { raw: string };

/**
 * Misbehaviours to script. Only for the harness's self-tests: it proves that each check fails on
 * the fault it is about. Defaults behave like a correct server on loopback.
 */
export interface FakeBehaviour {
  /** The greeting, or a function giving each session's (a server that refuses sessions past a cap). */
  greeting?: string | (() => string);
  /** The address the fake listens on, control and data: 127.0.0.1 unless set (::1 for IPv6 self-tests). */
  listenHost?: string;
  /** Address written into 227 replies (over IPv6 too: by default an IPv6 control connection's PASV gets 425). */
  pasvAddress?: string;
  /** Replaces the 227 text; gets the listener's port. */
  pasvReply?: (port: number) => string;
  /** Replaces the 229 text; gets the listener's port. */
  epsvReply?: (port: number) => string;
  /** Overrides any command (upper-case verb) before the default handling. */
  command?: (verb: string, argument: string) => CommandAction | undefined;
  /** Bytes served for RETR of a name; default: the fixture of that name. */
  fileContent?: (name: string) => Buffer | undefined;
  /** Replaces the LIST output. */
  listing?: string;
  /** Fault: accept data connections from any address (default: only the control peer's). */
  promiscuous?: boolean;
  /** FTPS (AUTH TLS, PBSZ/PROT, data under TLS) and its faults (harness/testing/fake-tls.ts). */
  tls?: FakeTlsBehaviour;
  /** Fault: accept PORT/EPRT to any host and port, and dial it (default: control peer, port >= 1024). */
  portAny?: boolean;
  /** Active mode (PORT/EPRT): the source port, the connect timeout, and faults (harness/testing/fake-active-mode.ts). */
  active?: FakeActiveBehaviour;
  /** Fault: keep accepting PASV, PORT and EPRT after EPSV ALL. */
  ignoreEpsvAll?: boolean;
  /** Fault: a new PASV/EPSV leaves the previous listener open. */
  keepOldListeners?: boolean;
  /** Fault: passive ports handed out in sequence from this port. */
  sequentialPortsFrom?: number;
  /** How long a transfer command waits for its passive connection before 425 (default 300 ms). */
  acceptTimeoutMs?: number;
  /** Fault: a transfer command waits for its passive connection for ever, the listener open. */
  neverGiveUp?: boolean;
  /** Correct, like Pure-FTPd: a foreign data connection is closed without data and the real client still awaited. */
  closeForeignAndWait?: boolean;
  /** Fault: PASV/EPSV advertise a port nothing listens on. */
  advertiseDeadPort?: boolean;
  /** Fault: a session's listener stays open (never accepting) after the session ends. */
  leakListeners?: boolean;
  /** Correct, like pyftpdlib: a passive listener closes once it has accepted a connection from the client. */
  listenerClosesAfterAccept?: boolean;
  /** Passive ports only from this range; when none is free, PASV/EPSV get 425. */
  portRange?: { min: number; max: number };
  /** Fault: every download has its first byte flipped (uploads are stored intact). */
  corruptDownloads?: boolean;
  /** Fault: every upload is stored with its first byte flipped. */
  corruptUploads?: boolean;
  /** Correct but slow: every reply is sent this many ms late. */
  replyDelayMs?: number;
  /** Correct but unusual: every reply in lower case and other words; greeting, login, 150, 226, 425, 227, 229, 234 and 522 multi-line. */
  multiLine?: boolean;
  /** Correct, like vsftpd: the 425 after the accept timeout goes out this many ms before the listener closes. */
  listenerClosedAfterReplyMs?: number;
  /** Fault: once any session has left a PASV unused, no session gets another reply. */
  stallAfterUnusedPassive?: boolean;
}

export interface FakeFtpServer {
  port: number;
  /** Lines received, passwords included: only tests see them. */
  received: string[];
  close(): Promise<void>;
}

export async function startFakeFtpServer(behaviour: FakeBehaviour = {}): Promise<FakeFtpServer> {
  const sockets = new Set<Socket>();
  const listeners = new Set<Server>();
  const received: string[] = [];
  const uploads = new Map<string, Buffer>();
  const shared: SharedState = { stalled: false };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    new FakeSession(
      behaviour.tls?.implicit ? serverTls(socket, behaviour.tls) : socket,
      behaviour,
      received,
      listeners,
      uploads,
      shared,
    );
  });
  const port = await listenControl(server, behaviour.listenHost ?? "127.0.0.1");
  return {
    port,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const listener of listeners) listener.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let nextSequentialPort = 0;

/** What one session's misbehaviour does to the others. */
interface SharedState {
  stalled: boolean;
}

class FakeSession {
  private buffer = "";
  private dataListener: Server | undefined;
  private pendingData: Promise<Socket> | undefined;
  private rejectedPeer = false;
  private activeTarget: { host: string; port: number } | undefined;
  private epsvAll = false;
  private loggedIn = false;

  private readonly tls: FakeTlsSession | undefined;

  constructor(
    private socket: Socket,
    private readonly behaviour: FakeBehaviour,
    private readonly received: string[],
    private readonly listeners: Set<Server>,
    private readonly uploads: Map<string, Buffer>,
    private readonly shared: SharedState,
  ) {
    this.tls = behaviour.tls ? new FakeTlsSession(behaviour.tls) : undefined;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("close", () => {
      if (this.pendingData && this.behaviour.stallAfterUnusedPassive) this.shared.stalled = true;
      if (!this.behaviour.leakListeners) this.closeListener();
    });
    const greeting = typeof behaviour.greeting === "function" ? behaviour.greeting() : behaviour.greeting;
    this.send(greeting ?? "220 fake FTP server ready");
  }

  private send(text: string, written?: () => void): void {
    if (this.shared.stalled) return;
    const shown = this.behaviour.multiLine ? unusualWording(text) : text;
    const write = () => {
      if (!this.socket.destroyed) this.socket.write(`${shown}\r\n`, "latin1");
      written?.();
    };
    if (this.behaviour.replyDelayMs) setTimeout(write, this.behaviour.replyDelayMs);
    else write();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let index;
    while ((index = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, "");
      this.buffer = this.buffer.slice(index + 1);
      this.received.push(line);
      void this.onCommand(line);
    }
  }

  private async onCommand(line: string): Promise<void> {
    const [verbText = "", ...rest] = line.split(" ");
    const verb = verbText.toUpperCase();
    const argument = rest.join(" ");
    const scripted = this.behaviour.command?.(verb, argument);
    if (scripted) return this.act(scripted);
    if (this.tls?.onCommand(verb, argument, { send: (t, w) => this.send(t, w), upgrade: (s) => this.upgrade(s) }))
      return;
    switch (verb) {
      case "USER":
        return this.send("331 password please");
      case "PASS":
        this.loggedIn = true;
        return this.send("230 logged in");
      case "TYPE":
        return this.send("200 type set");
      case "QUIT":
        // Closed once the 221 is written (with replyDelayMs it came after the close); a stalled server writes none.
        if (this.shared.stalled) this.socket.end();
        else this.send("221 bye", () => this.socket.end());
        return;
      case "PASV": {
        if (!this.loggedIn) return this.send("530 log in first");
        if (this.epsvAll && !this.behaviour.ignoreEpsvAll) return this.send("500 PASV not allowed after EPSV ALL");
        // A 227 cannot name an IPv6 address: refused, in Pure-FTPd's words (MSG_CANT_PASV).
        if (this.overIpv6() && !this.behaviour.pasvAddress && !this.behaviour.pasvReply) {
          return this.send("425 You cannot use PASV on IPv6 connections. Use EPSV instead.");
        }
        const port = await this.openListener();
        if (port === null) return this.send("425 No passive port free.");
        const address = (this.tls?.pasvAddress() ?? this.behaviour.pasvAddress ?? "127.0.0.1").replace(/\./g, ",");
        return this.send(
          this.behaviour.pasvReply?.(port) ?? `227 Entering Passive Mode (${address},${port >> 8},${port & 255}).`,
        );
      }
      case "EPSV": {
        if (argument.toUpperCase() === "ALL") {
          this.epsvAll = true;
          return this.send("200 EPSV ALL ok");
        }
        // The control connection's protocol only (RFC 2428 section 2: 1 IPv4, 2 IPv6).
        const own = this.overIpv6() ? "2" : "1";
        if (argument !== "" && argument !== own) return this.send(`522 Network protocol not supported, use (${own})`);
        const port = await this.openListener();
        if (port === null) return this.send("425 No passive port free.");
        return this.send(this.behaviour.epsvReply?.(port) ?? `229 Entering Extended Passive Mode (|||${port}|)`);
      }
      case "PORT":
      case "EPRT": {
        if (this.epsvAll && !this.behaviour.ignoreEpsvAll) return this.send(`500 ${verb} not allowed after EPSV ALL`);
        const target = parseActiveArgument(verb, argument);
        if (!target) return this.send(`501 bad ${verb} argument`);
        const peer = this.socket.remoteAddress ?? "";
        if (!this.behaviour.portAny && (!sameHost(target.host, peer) || target.port < 1024)) {
          return this.send(`500 Illegal ${verb} command`);
        }
        this.activeTarget = target;
        return this.send(`200 ${verb} command successful`);
      }
      case "LIST":
        return this.transfer(
          Buffer.from(
            this.behaviour.listing ??
              fixtureFiles()
                .map((f) => `-rw-r--r-- 1 ftp ftp ${f.size} Jan 1 00:00 ${f.name}\r\n`)
                .join(""),
          ),
        );
      case "STOR":
        return this.receive(argument);
      case "RETR": {
        const content =
          this.behaviour.fileContent?.(argument) ??
          this.uploads.get(argument) ??
          fixtureFiles().find((f) => f.name === argument)?.content;
        if (!content) return this.send("550 no such file");
        return this.transfer(this.behaviour.corruptDownloads ? flipFirstByte(content) : content);
      }
      default:
        return this.send("502 command not implemented");
    }
  }

  private act(action: CommandAction): void {
    if ("reply" in action) this.send(action.reply);
    else if ("close" in action) this.socket.destroy();
    else if ("raw" in action) this.socket.write(action.raw, "latin1");
  }

  /** A new passive listener's port (a dead one when so scripted), or null when the range has none free. */
  private async openListener(): Promise<number | null> {
    if (this.behaviour.advertiseDeadPort) {
      const dead = createServer();
      await new Promise<void>((resolve) => dead.listen(0, this.host(), resolve));
      const port = (dead.address() as AddressInfo).port;
      await new Promise<void>((resolve) => dead.close(() => resolve()));
      this.pendingData = new Promise<Socket>(() => undefined);
      return port;
    }
    if (!this.behaviour.keepOldListeners) this.closeListener();
    this.activeTarget = undefined;
    this.rejectedPeer = false;
    const listener = createServer();
    this.listeners.add(listener);
    this.dataListener = listener;
    const peer = this.socket.remoteAddress;
    // Like vsftpd's pasv_promiscuous=NO: a data connection from another address is dropped.
    this.pendingData = new Promise((resolve) =>
      listener.on("connection", (data: Socket) => {
        data.on("error", () => undefined);
        if (this.behaviour.promiscuous || data.remoteAddress === peer) {
          if (this.behaviour.listenerClosesAfterAccept) listener.close();
          return resolve(data);
        }
        if (!this.behaviour.closeForeignAndWait) this.rejectedPeer = true;
        data.destroy();
      }),
    );
    if (!(await this.listen(listener))) {
      this.closeListener();
      this.pendingData = undefined;
      return null;
    }
    return (listener.address() as AddressInfo).port;
  }

  /**
   * Any free port; in sequence from `sequentialPortsFrom` when set, stepping over ports in use;
   * within `portRange` when set. False when the range has no free port.
   */
  private async listen(listener: Server): Promise<boolean> {
    const range = this.behaviour.portRange;
    if (range) {
      for (let port = range.min; port <= range.max; port++) {
        const error = await this.tryListen(listener, port);
        if (!error) return true;
        if (error.code !== "EADDRINUSE") throw error;
      }
      return false;
    }
    const from = this.behaviour.sequentialPortsFrom;
    for (let attempt = 0; ; attempt++) {
      const port = from === undefined ? 0 : from + (nextSequentialPort++ % 1000);
      const error = await this.tryListen(listener, port);
      if (!error) return true;
      if (error.code !== "EADDRINUSE" || from === undefined || attempt >= 20) throw error;
    }
  }

  private tryListen(listener: Server, port: number): Promise<NodeJS.ErrnoException | undefined> {
    return new Promise((resolve) => {
      listener.once("error", resolve);
      listener.listen(port, this.host(), () => {
        listener.off("error", resolve);
        resolve(undefined);
      });
    });
  }

  /** Where the fake listens: data listeners open on the control connection's host. */
  private host(): string {
    return this.behaviour.listenHost ?? "127.0.0.1";
  }

  /** The control connection is IPv6 (not an IPv4-mapped address). */
  private overIpv6(): boolean {
    const local = this.socket.localAddress ?? "";
    return local.includes(":") && !local.startsWith("::ffff:");
  }

  private closeListener(): void {
    this.dataListener?.close();
    if (this.dataListener) this.listeners.delete(this.dataListener);
    this.dataListener = undefined;
  }

  private async transfer(content: Buffer): Promise<void> {
    if (this.activeTarget) return this.transferActive(this.activeTarget, content);
    if (!this.pendingData) return this.send("425 use PASV first");
    if (this.rejectedPeer) return this.send("425 Security: Bad IP connecting.");
    // Pure-FTPd's order: no 150 until a data connection from the client itself is accepted.
    const waitFirst = this.behaviour.closeForeignAndWait;
    if (!waitFirst) this.send("150 opening data connection");
    const accepted = await this.acceptData();
    if (!accepted) return;
    if (waitFirst) this.send("150 Accepted data connection");
    const data = await this.protect(accepted);
    if (!data) return;
    data.on("error", () => undefined);
    data.end(content, () => this.send("226 transfer complete"));
  }

  private async receive(name: string): Promise<void> {
    if (this.activeTarget) return this.receiveActive(this.activeTarget, name);
    if (!this.pendingData) return this.send("425 use PASV first");
    if (this.rejectedPeer) return this.send("425 Security: Bad IP connecting.");
    this.send("150 ok to send data");
    const accepted = await this.acceptData();
    const data = accepted && (await this.protect(accepted));
    if (!data) return;
    const chunks: Buffer[] = [];
    data.on("data", (chunk: Buffer) => chunks.push(chunk));
    data.on("error", () => undefined);
    data.on("end", () => {
      const stored = Buffer.concat(chunks);
      this.uploads.set(name, this.behaviour.corruptUploads ? flipFirstByte(stored) : stored);
      this.send("226 transfer complete");
    });
  }

  /** The passive connection, or 425 and a closed listener once the accept timeout passes. */
  private async acceptData(): Promise<Socket | undefined> {
    const pending = this.pendingData;
    this.pendingData = undefined;
    if (!pending) return undefined;
    const limit = this.behaviour.neverGiveUp ? undefined : (this.behaviour.acceptTimeoutMs ?? 300);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => {
      if (limit !== undefined) timer = setTimeout(resolve, limit, undefined);
    });
    const data = await Promise.race([pending, expired]);
    clearTimeout(timer);
    const late = this.behaviour.listenerClosedAfterReplyMs;
    if (data || !late) this.closeListener();
    if (!data) this.send("425 Failed to establish connection.");
    if (!data && late) {
      const listener = this.dataListener;
      setTimeout(() => listener?.close(), late);
    }
    return data;
  }

  /** The connection a transfer uses: under PROT P the same one under TLS, its handshake after the 150 (as vsftpd and ProFTPD). */
  private protect(data: Socket): Promise<Socket | undefined> {
    return this.tls ? this.tls.protect(data, (text) => this.send(text)) : Promise.resolve(data);
  }

  /** AUTH TLS: from now on the control connection is `secure(raw)`, read and written under TLS. */
  private upgrade(secure: (raw: Socket) => Socket): void {
    this.socket.removeAllListeners("data");
    this.socket = secure(this.socket);
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => this.onData(chunk));
  }

  /** Like vsftpd: dials first, then 150 (or 425 when the dial fails), then sends and 226. */
  private async transferActive(target: { host: string; port: number }, content: Buffer): Promise<void> {
    const data = await this.openActive(target);
    if (!data) return;
    this.send("150 connected, sending");
    data.end(activeContent(content, this.behaviour.active ?? {}), () => this.send("226 transfer complete"));
  }

  private async receiveActive(target: { host: string; port: number }, name: string): Promise<void> {
    const data = await this.openActive(target);
    if (!data) return;
    this.send("150 connected, ready to receive");
    const chunks: Buffer[] = [];
    data.on("data", (chunk: Buffer) => chunks.push(chunk));
    data.on("end", () => {
      this.uploads.set(name, Buffer.concat(chunks));
      this.send("226 transfer complete");
    });
  }

  /** The active-mode data connection, or undefined after 425 (or silence, when so scripted). */
  private async openActive(target: { host: string; port: number }): Promise<Socket | undefined> {
    this.activeTarget = undefined;
    const behaviour = this.behaviour.active ?? {};
    const control = { localAddress: this.socket.localAddress ?? "127.0.0.1", controlPort: this.socket.localPort ?? 0 };
    const dialled = await dialActive(target, control, behaviour);
    if ("socket" in dialled) {
      dialled.socket.on("error", () => undefined);
      return dialled.socket;
    }
    if (!behaviour.hangWhenUnreachable) this.send(`425 Can't open data connection: ${dialled.failed}`);
    return undefined;
  }
}

/** The same address in any spelling (an IPv4-mapped IPv6 address is its IPv4 address). */
function sameHost(a: string, b: string): boolean {
  const [x, y] = [parseAddress(a), parseAddress(b)];
  return x !== null && y !== null && x.kind() === y.kind() && x.toNormalizedString() === y.toNormalizedString();
}

function flipFirstByte(content: Buffer): Buffer {
  if (content.length === 0) return content;
  const copy = Buffer.from(content);
  copy[0] = (copy[0] as number) ^ 0xff;
  return copy;
}

/** The replies the unusual fake sends as multi-line replies (RFC 959 section 4.2). */
const MULTI_LINE_CODES = ["220", "230", "331", "150", "226", "425", "227", "229", "234", "522"];

/**
 * The text a correct server in its own words might put on a reply's last line: RFC 959 and RFC 2428
 * fix only the code and, for 227, 229 and 522, the numbers a client reads (h1,h2,h3,h4,p1,p2 found by
 * scanning for the first digit, RFC 1123 section 4.1.2.6; (|||port|); the protocol list at the end).
 */
function unusualLastLine(code: string, text: string): string {
  const kept = (pattern: RegExp, words: string) => {
    const found = pattern.exec(text);
    return found ? `${words}${found[0]}` : text.toLowerCase();
  };
  if (code === "227") return kept(/\d+,\d+,\d+,\d+,\d+,\d+/, "listening passively at ");
  if (code === "229") return kept(/\([^()]*\)(?=[^()]*$)/, "extended passive listener ready ");
  if (code === "522") return kept(/\([^()]*\)(?=[^()]*$)/, "that network protocol is not served here, try ");
  // PBSZ's "PBSZ=0" is read by some clients (RFC 4217 section 8): the only other text kept as sent.
  return text.startsWith("PBSZ=") ? text : text.toLowerCase();
}

/**
 * A reply as a correct server in its own words might send it: the text in lower case and other
 * words, and the greeting, login, transfer, 227, 229, 234 and 522 replies as multi-line replies whose
 * last line carries the code and what a client reads.
 */
function unusualWording(text: string): string {
  const code = text.slice(0, 3);
  if (!/^\d{3}( |$)/.test(text)) return text;
  const last = `${code} ${unusualLastLine(code, text.slice(4))}`;
  if (!MULTI_LINE_CODES.includes(code)) return last;
  return `${code}-hello from a server with its own words.\r\n indented continuation line, no numbers here.\r\n${last}`;
}
