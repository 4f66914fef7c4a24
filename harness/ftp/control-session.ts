import type { AgentConnection } from "../agent/agent-connection.js";
import type { FtpReply, ReplyFailure, ReplyResult } from "../agent/agent-protocol.js";
import type { TlsHandshake, TlsVersion } from "../agent/tls-protocol.js";
import type { TrustedCa } from "../tls/trusted-ca.js";
import { formatSeconds, sleep } from "../util/deadline.js";
import type { Endpoint } from "./endpoint.js";
import { LoginRefused, NoReply, ProtocolFailure, SessionRefused } from "./protocol-failure.js";
import { replyText } from "./reply-text.js";
import { describeHandshake } from "./tls-evidence.js";
import { VersionRefused, versionRefused, versionWords } from "./tls-versions.js";
import type { Transcript } from "./transcript.js";
import { describeWait, waitMs, type Wait, type WaitLike } from "./wait.js";

export interface Credentials {
  user: string;
  password: string;
}

/** How long the reply to QUIT, and then the server's close of the connection, may each take. */
export const QUIT_TIMEOUT_MS = 1000;
/** Between connects while the server greets with 421: doubling from the first to the longest. */
const BUSY_FIRST_PAUSE_MS = 100;
const BUSY_MAX_PAUSE_MS = 1000;

const FAILURE_TEXT: Record<ReplyFailure, string> = {
  timeout: "no reply",
  closed: "the server closed the control connection",
  reset: "the server reset the control connection",
  "line-too-long": "the server sent a reply line over 8 KiB (connection dropped)",
  "reply-too-long": "the server sent a multi-line reply of over 200 lines (connection dropped)",
};

/** The transcript's note when the reply to `what` did not come: one wording, which the runner also reads. */
export const failureNote = (failure: ReplyFailure, what: string): string =>
  `${FAILURE_TEXT[failure]} (waiting for the reply to ${what})`;

/** One control connection, driven through the in-topology agent, recorded in a transcript. */
export class ControlSession {
  /** Set once a read failed: the connection is not worth a QUIT. */
  private failed = false;
  /** The first close()'s outcome: a check may end a session itself before the runner closes the rest. */
  private closing: Promise<{ serverEnded: boolean }> | undefined;
  /** Set once PROT P was accepted (tls-control.ts protectData): the CA this session's data connections trust. */
  private protectedUnder: TrustedCa | undefined;

  private constructor(
    private readonly agent: AgentConnection,
    private readonly session: string,
    private readonly transcript: Transcript,
    /** The reply wait, named in a verdict it decides. */
    readonly replyWait: Wait,
  ) {}

  get replyTimeoutMs(): number {
    return this.replyWait.ms;
  }

  /** The agent's handle of this connection: what TLS operations (harness/ftp/tls-control.ts) name. */
  get handle(): string {
    return this.session;
  }

  /**
   * Under PROT P, the CA its data connections trust: they go under TLS (data-connection.ts, active-mode.ts),
   * offering this connection's TLS session; undefined while data is in the clear.
   */
  get dataProtection(): TrustedCa | undefined {
    return this.protectedUnder;
  }

  /** PROT P was accepted: data connections from now on go under TLS, trusting `ca`. */
  markDataProtected(ca: TrustedCa): void {
    this.protectedUnder = ca;
  }

  /**
   * Implicit FTPS: connects, completes a TLS handshake trusting `ca` from the first byte, and reads
   * the greeting under it. Returns the session and what the handshake showed.
   */
  static async openImplicit(
    agent: AgentConnection,
    endpoint: Endpoint,
    transcript: Transcript,
    replyTimeoutMs: number,
    ca: TrustedCa,
    version?: TlsVersion,
    servername?: string,
  ): Promise<{ session: ControlSession; tls: TlsHandshake }> {
    return ControlSession.greeted(transcript, replyTimeoutMs, async () => {
      transcript.note(
        `connect control ${endpoint.host}:${endpoint.port} under TLS (implicit${version ? `, ${versionWords(version)} only` : ""})`,
      );
      const result = await agent.request("ctl.open-tls", {
        ...endpoint,
        ca: ca.pem,
        ...(version ? { version } : {}),
        ...(servername ? { servername } : {}),
        timeoutMs: replyTimeoutMs,
      });
      if (result.tls) transcript.note(`TLS: ${describeHandshake(result.tls, ca.name)}`);
      if (version && result.tls && versionRefused(result.tls)) throw new VersionRefused(version, result.tls);
      if (!result.session || !result.tls) {
        const why = result.tls ? describeHandshake(result.tls, ca.name) : result.outcome;
        throw new ProtocolFailure(`implicit TLS control connection to ${endpoint.host}:${endpoint.port}: ${why}`);
      }
      const session = new ControlSession(agent, result.session, transcript, asReplyWait(replyTimeoutMs));
      const greeting = session.unwrap(result as ReplyResult, "the greeting");
      return { session, greeting, opened: { session, tls: result.tls } };
    });
  }

  /** Connects and reads the greeting; a server that does not greet with 220 fails the check. */
  static async open(
    agent: AgentConnection,
    endpoint: Endpoint,
    transcript: Transcript,
    replyTimeout: WaitLike,
  ): Promise<ControlSession> {
    const replyWait = asReplyWait(replyTimeout);
    const replyTimeoutMs = replyWait.ms;
    return ControlSession.greeted(transcript, replyTimeoutMs, async () => {
      transcript.note(`connect control ${endpoint.host}:${endpoint.port}`);
      const result = await agent.request("ctl.open", { ...endpoint, timeoutMs: replyTimeoutMs });
      if (!result.session) {
        transcript.note(`control connection: ${result.outcome}${result.detail ? ` (${result.detail})` : ""}`);
        throw new ProtocolFailure(`control connection to ${endpoint.host}:${endpoint.port}: ${result.outcome}`);
      }
      const session = new ControlSession(agent, result.session, transcript, replyWait);
      return { session, greeting: session.unwrap(result as ReplyResult, "the greeting"), opened: session };
    });
  }

  /**
   * Connects with `connect` until the greeting is 220. A 421 greeting is a transient refusal (RFC 959
   * section 4.2: 4yz, try again; a server at its session cap that has not yet counted out a session
   * that just closed answers so): connects again, backing off, for as long as one reply may take.
   * Any other greeting, or a 421 still after that, fails the check.
   */
  private static async greeted<T>(
    transcript: Transcript,
    replyTimeoutMs: number,
    connect: () => Promise<{ session: ControlSession; greeting: FtpReply; opened: T }>,
  ): Promise<T> {
    const deadline = Date.now() + replyTimeoutMs;
    for (let pause = BUSY_FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, BUSY_MAX_PAUSE_MS)) {
      const { session, greeting, opened } = await connect();
      if (greeting.code === 220) return opened;
      await session.drop();
      const left = deadline - Date.now();
      if (greeting.code !== 421 || left <= 0) {
        throw new SessionRefused(`greeting was '${replyText(greeting)}', expected 220`, "the greeting", greeting);
      }
      transcript.note(
        `421 at the greeting: the server is busy; connecting again in ${formatSeconds(Math.min(pause, left))}`,
      );
      await sleep(Math.min(pause, left));
    }
  }

  /** Sends a line and reads its reply within `timeout` (the reply wait unless given). */
  async send(line: string, timeout: WaitLike = this.replyWait): Promise<FtpReply> {
    this.transcript.client(line);
    const result = await this.agent.request("ctl.send", { session: this.session, line, timeoutMs: waitMs(timeout) });
    return this.unwrap(result, line.split(" ")[0] ?? line, timeout);
  }

  /** The next reply without sending: the 226 after a transfer, say. */
  async read(after: string, timeout: WaitLike = this.replyWait): Promise<FtpReply> {
    const result = await this.agent.request("ctl.read", { session: this.session, timeoutMs: waitMs(timeout) });
    return this.unwrap(result, after, timeout);
  }

  /** USER then PASS; anything but 230 at the end fails the check. */
  async login(credentials: Credentials): Promise<void> {
    const user = await this.send(`USER ${credentials.user}`);
    if (user.code === 230) return;
    if (user.code === 530) throw new LoginRefused(`login refused: USER got '${replyText(user)}'`, "USER", user);
    if (user.code !== 331) throw new SessionRefused(`USER got '${replyText(user)}', expected 331 or 230`, "USER", user);
    const pass = await this.send(`PASS ${credentials.password}`);
    if (pass.code === 530) throw new LoginRefused(`login refused: PASS got '${replyText(pass)}'`, "PASS", pass);
    if (pass.code !== 230) throw new SessionRefused(`login failed: PASS got '${replyText(pass)}'`, "PASS", pass);
  }

  /**
   * QUIT like a real client, then close (ProFTPD 1.3.8 stalls ~0.4 s after any session ends, QUIT or not:
   * docs/design.md). After a 221 it waits (QUIT_TIMEOUT_MS at most) for the server to end the connection,
   * so the session is over on the server's side too before anything else starts: pyftpdlib 1.5.7 can
   * stop serving a connection accepted while a session that used active mode is still closing
   * (active.session-end). Says whether the server ended it.
   */
  close(): Promise<{ serverEnded: boolean }> {
    this.closing ??= this.quitAndDrop();
    return this.closing;
  }

  private async quitAndDrop(): Promise<{ serverEnded: boolean }> {
    let quitAnswered = false;
    if (!this.failed) {
      this.transcript.client("QUIT");
      const result = await this.agent
        .request("ctl.send", { session: this.session, line: "QUIT", timeoutMs: QUIT_TIMEOUT_MS })
        .catch(() => undefined);
      if (result?.reply) this.transcript.server(result.reply.lines);
      quitAnswered = result?.reply?.code === 221;
    }
    return this.drop(quitAnswered ? QUIT_TIMEOUT_MS : undefined);
  }

  /** Closes the connection without a QUIT, first waiting `awaitServerMs` (if given) for the server to end it. */
  private async drop(awaitServerMs?: number): Promise<{ serverEnded: boolean }> {
    const args = awaitServerMs === undefined ? { session: this.session } : { session: this.session, awaitServerMs };
    const result = await this.agent.request("ctl.close", args).catch(() => undefined);
    return { serverEnded: result?.serverEnded ?? false };
  }

  private unwrap(result: ReplyResult, what: string, timeout: WaitLike = this.replyWait): FtpReply {
    if (result.reply) {
      this.transcript.server(result.reply.lines);
      return result.reply;
    }
    this.failed = true;
    const why = FAILURE_TEXT[result.failure];
    this.transcript.note(failureNote(result.failure, what));
    if (result.failure === "timeout") throw new NoReply(`${why} to ${what} within ${describeWait(timeout)}`, what);
    throw new ProtocolFailure(`${why} to ${what}`);
  }
}

/** A reply wait given as a bare number: its length alone. */
const asReplyWait = (timeout: WaitLike): Wait => (typeof timeout === "number" ? { ms: timeout, label: "" } : timeout);
