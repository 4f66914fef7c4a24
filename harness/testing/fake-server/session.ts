import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { fixtureFiles } from "../../fixtures/fixture-files.js";
import { activeContent, dialActive, type ActiveTarget } from "../fake-active-mode.js";
import { FakeTlsSession } from "../fake-tls.js";
import { deadPort, listenPassive } from "./passive-ports.js";
import type { FakePolicy } from "./policy.js";

/** What the sessions of one fake server share. */
export interface ServerState {
  /** Lines received, passwords included: only tests see them. */
  received: string[];
  /** Every passive listener open, for close(). */
  listeners: Set<Server>;
  uploads: Map<string, Buffer>;
  /** Set once a session's misbehaviour has stalled the whole server (stallAfterUnusedPassive). */
  stalled: boolean;
  /** Sessions whose active-mode download freed a slot the next accepted connection takes (sessionEndLosesNext). */
  freedByActive: FakeSession[];
}

/** Serves one command line's verb and argument through the server's handler sets. */
export type Dispatch = (session: FakeSession, verb: string, argument: string) => void | Promise<void>;

/**
 * One control connection: what handlers use to answer (reply, passive and active data, files) and
 * the state commands leave behind. Which command does what is the handlers' (default-handlers.ts);
 * what is no one command's is the policy's.
 */
export class FakeSession {
  loggedIn = false;
  /** EPSV ALL was accepted: PASV, PORT and EPRT are refused from now on. */
  epsvAll = false;
  /** Where the next transfer dials (PORT/EPRT), until a PASV/EPSV or the transfer. */
  activeTarget: ActiveTarget | undefined;
  readonly tls: FakeTlsSession | undefined;

  private buffer = "";
  private dataListener: Server | undefined;
  private pendingData: Promise<Socket> | undefined;
  private rejectedPeer = false;
  /** The connection that took the slot this session's active download freed (sessionEndLosesNext). */
  private heir: FakeSession | undefined;
  /** Never read or answered again: the session that freed its slot ended (sessionEndLosesNext). */
  private lost = false;

  constructor(
    private socket: Socket,
    readonly policy: FakePolicy,
    private readonly server: ServerState,
    private readonly dispatch: Dispatch,
  ) {
    this.tls = policy.tls ? new FakeTlsSession(policy.tls) : undefined;
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => this.onData(chunk));
    const holder = policy.sessionEndLosesNext ? server.freedByActive.shift() : undefined;
    if (holder) holder.heir = this;
    socket.on("close", () => {
      this.ended();
      if (this.pendingData && policy.stallAfterUnusedPassive) server.stalled = true;
      if (!policy.closeListenerAtEnd) return;
      if (policy.listenerClosedAfterEndMs) setTimeout(() => this.closeListener(), policy.listenerClosedAfterEndMs);
      else this.closeListener();
    });
    this.reply(typeof policy.greeting === "function" ? policy.greeting() : policy.greeting);
  }

  /** Sends a reply as the policy words and delays it, then calls `written`; a stalled server sends nothing. */
  reply(text: string, written?: () => void): void {
    if (this.server.stalled || this.lost) return;
    const shown = this.policy.wording(text);
    const write = () => {
      if (!this.socket.destroyed) this.socket.write(`${shown}\r\n`, "latin1");
      written?.();
    };
    if (this.policy.replyDelayMs) setTimeout(write, this.policy.replyDelayMs);
    else write();
  }

  /** Writes bytes as they are, at once. */
  writeRaw(bytes: string): void {
    this.socket.write(bytes, "latin1");
  }

  /** Closes the control connection without a word. */
  destroy(): void {
    this.socket.destroy();
  }

  /** QUIT: 221, the connection closed once it is written (at once when the server is stalled). */
  quit(): void {
    const delay = this.policy.quitCloseDelayMs;
    const end = () => {
      this.ended();
      if (delay) setTimeout(() => this.socket.end(), delay);
      else this.socket.end();
    };
    if (this.server.stalled) this.socket.end();
    else this.reply("221 bye", end);
  }

  /** The session is over on the server's side (QUIT answered, or the connection gone): its heir is lost. */
  private ended(): void {
    if (this.heir) this.heir.lost = true;
    this.heir = undefined;
    this.server.freedByActive = this.server.freedByActive.filter((session) => session !== this);
  }

  /** The control connection's client address. */
  peer(): string {
    return this.socket.remoteAddress ?? "";
  }

  /** The control connection is IPv6 (not an IPv4-mapped address). */
  overIpv6(): boolean {
    const local = this.socket.localAddress ?? "";
    return local.includes(":") && !local.startsWith("::ffff:");
  }

  /** The bytes RETR of `name` serves: scripted, else uploaded, else the fixture of that name. */
  file(name: string): Buffer | undefined {
    return (
      this.policy.fileContent(name) ??
      this.server.uploads.get(name) ??
      fixtureFiles().find((f) => f.name === name)?.content
    );
  }

  /** AUTH TLS: from now on the control connection is `secure(raw)`, read and written under TLS. */
  upgrade(secure: (raw: Socket) => Socket): void {
    this.socket.removeAllListeners("data");
    this.socket = secure(this.socket);
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => this.onData(chunk));
  }

  /** A new passive listener's port (one nothing listens on, when the policy says so), or null when the range has none free. */
  async openPassive(): Promise<number | null> {
    if (this.policy.passiveListener === "dead") {
      const port = await deadPort(this.policy.listenHost);
      this.pendingData = new Promise<Socket>(() => undefined);
      return port;
    }
    if (this.policy.closeOldListener) this.closeListener();
    this.activeTarget = undefined;
    this.rejectedPeer = false;
    const listener = createServer();
    this.server.listeners.add(listener);
    this.dataListener = listener;
    this.pendingData = this.firstAccepted(listener, this.socket.remoteAddress);
    if (!(await listenPassive(listener, this.policy.listenHost, this.policy.passivePorts))) {
      this.closeListener();
      this.pendingData = undefined;
      return null;
    }
    return (listener.address() as AddressInfo).port;
  }

  /** Sends `content` over the data connection (PORT/EPRT's, else the passive one), with 150 and 226. */
  async sendData(content: Buffer): Promise<void> {
    if (this.activeTarget) return this.sendActive(this.activeTarget, content);
    const data = await this.passiveData("150 opening data connection", "150 Accepted data connection");
    if (!data) return;
    data.on("error", () => undefined);
    const done = () => this.reply("226 transfer complete");
    if (this.tls) this.tls.endData(data, content, done);
    else data.end(content, done);
  }

  /** Stores what arrives over the data connection as `name`, with 150 and 226. */
  async receiveData(name: string): Promise<void> {
    if (this.activeTarget) return this.receiveActive(this.activeTarget, name);
    const data = await this.passiveData("150 ok to send data");
    if (!data) return;
    this.collect(data, (stored) => this.server.uploads.set(name, this.policy.upload(stored)));
  }

  private onData(chunk: string): void {
    if (this.lost) return;
    this.buffer += chunk;
    let index;
    while ((index = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, "");
      this.buffer = this.buffer.slice(index + 1);
      this.server.received.push(line);
      const [verb = "", ...rest] = line.split(" ");
      void this.dispatch(this, verb.toUpperCase(), rest.join(" "));
    }
  }

  /** The listener's first acceptable connection; by default (like vsftpd's pasv_promiscuous=NO) one from another address is dropped. */
  private firstAccepted(listener: Server, peer: string | undefined): Promise<Socket> {
    return new Promise((resolve) =>
      listener.on("connection", (data: Socket) => {
        data.on("error", () => undefined);
        if (this.policy.foreignData === "accept" || data.remoteAddress === peer) {
          if (this.policy.listenerClosesAfterAccept) listener.close();
          return resolve(data);
        }
        if (this.policy.foreignData === "refuse") this.rejectedPeer = true;
        data.destroy();
      }),
    );
  }

  /**
   * The passive connection a transfer uses, its 150 sent before it is accepted (or after, in
   * Pure-FTPd's order, when `acceptedWording` is given and the policy says so); undefined after a 425.
   */
  private async passiveData(announce: string, acceptedWording?: string): Promise<Socket | undefined> {
    if (!this.pendingData) return void this.reply("425 use PASV first");
    if (this.rejectedPeer) return void this.reply("425 Security: Bad IP connecting.");
    const after = acceptedWording !== undefined && this.policy.announce === "after-accept";
    if (!after) this.reply(announce);
    const accepted = await this.acceptData();
    if (!accepted) return undefined;
    if (after) this.reply(acceptedWording);
    return this.protect(accepted);
  }

  /** The passive connection, or 425 and a closed listener once the accept timeout passes. */
  private async acceptData(): Promise<Socket | undefined> {
    const pending = this.pendingData;
    this.pendingData = undefined;
    if (!pending) return undefined;
    const limit = this.policy.acceptTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => {
      if (limit !== null) timer = setTimeout(resolve, limit, undefined);
    });
    const data = await Promise.race([pending, expired]);
    clearTimeout(timer);
    const late = this.policy.listenerClosedAfterReplyMs;
    if (data || !late) this.closeListener();
    if (!data) this.reply("425 Failed to establish connection.");
    if (!data && late) {
      const listener = this.dataListener;
      setTimeout(() => listener?.close(), late);
    }
    return data;
  }

  /** The connection a transfer uses: under PROT P the same one under TLS, its handshake after the 150 (as vsftpd and ProFTPD). */
  private protect(data: Socket): Promise<Socket | undefined> {
    return this.tls ? this.tls.protect(data, (text) => this.reply(text)) : Promise.resolve(data);
  }

  private closeListener(): void {
    this.dataListener?.close();
    if (this.dataListener) this.server.listeners.delete(this.dataListener);
    this.dataListener = undefined;
  }

  /** Like vsftpd: dials first, then 150 (or 425 when the dial fails), then (under PROT P, its TLS handshake) sends and 226. */
  private async sendActive(target: ActiveTarget, content: Buffer): Promise<void> {
    const dialled = await this.openActive(target);
    if (!dialled) return;
    this.reply("150 connected, sending");
    const data = await this.protect(dialled);
    if (!data) return;
    data.end(activeContent(content, this.policy.active), () => {
      if (this.policy.sessionEndLosesNext) this.server.freedByActive.push(this);
      this.reply("226 transfer complete");
    });
  }

  private async receiveActive(target: ActiveTarget, name: string): Promise<void> {
    const dialled = await this.openActive(target);
    if (!dialled) return;
    this.reply("150 connected, ready to receive");
    const data = await this.protect(dialled);
    if (!data) return;
    this.collect(data, (stored) => this.server.uploads.set(name, stored));
  }

  /** Reads `data` to its end, keeps what came, then 226. */
  private collect(data: Socket, keep: (stored: Buffer) => void): void {
    const chunks: Buffer[] = [];
    data.on("data", (chunk: Buffer) => chunks.push(chunk));
    data.on("error", () => undefined);
    data.on("end", () => {
      keep(Buffer.concat(chunks));
      this.reply(this.tls?.uploadEndReply(data) ?? "226 transfer complete");
    });
  }

  /** The active-mode data connection, or undefined after 425 (or silence, when so scripted). */
  private async openActive(target: ActiveTarget): Promise<Socket | undefined> {
    this.activeTarget = undefined;
    const behaviour = this.policy.active;
    const control = { localAddress: this.socket.localAddress ?? "127.0.0.1", controlPort: this.socket.localPort ?? 0 };
    const dialled = await dialActive(target, control, behaviour);
    if ("socket" in dialled) {
      dialled.socket.on("error", () => undefined);
      return dialled.socket;
    }
    if (!behaviour.hangWhenUnreachable) this.reply(`425 Can't open data connection: ${dialled.failed}`);
    return undefined;
  }
}
