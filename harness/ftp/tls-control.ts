import type { AgentConnection } from "../agent/agent-connection.js";
import type { FtpReply } from "../agent/agent-protocol.js";
import type { TlsHandshake, TlsVersion } from "../agent/tls-protocol.js";
import type { TrustedCa } from "../tls/trusted-ca.js";
import type { ControlSession, Credentials } from "./control-session.js";
import type { Endpoint } from "./endpoint.js";
import { describeDial } from "./data-connection.js";
import { ProtocolFailure } from "./protocol-failure.js";
import { replyText } from "./reply-text.js";
import { describeHandshake } from "./tls-evidence.js";
import { VersionRefused, versionRefused } from "./tls-versions.js";
import type { Transcript } from "./transcript.js";

/** What AUTH TLS got: the reply, and the handshake when the reply was 234. */
export interface AuthTlsResult {
  reply: FtpReply;
  tls?: TlsHandshake;
}

/**
 * RFC 4217 section 4: AUTH TLS, and on 234 the TLS handshake on the control connection, trusting
 * `ca`, pinned to `version` when given (its data connections then are too), asking for `servername`
 * (SNI, and the name the certificate is matched against) when given. The result is evidence for a
 * check to judge; nothing is thrown for a refusal.
 */
export async function authTls(
  session: ControlSession,
  agent: AgentConnection,
  transcript: Transcript,
  ca: TrustedCa,
  version?: TlsVersion,
  servername?: string,
): Promise<AuthTlsResult> {
  const reply = await session.send("AUTH TLS");
  if (reply.code !== 234) return { reply };
  const tls = await agent.request("ctl.secure", {
    session: session.handle,
    ca: ca.pem,
    ...(version ? { version } : {}),
    ...(servername ? { servername } : {}),
    timeoutMs: session.replyTimeoutMs,
  });
  transcript.note(`TLS on the control connection: ${describeHandshake(tls, ca.name)}`);
  return { reply, tls };
}

/**
 * AUTH TLS that must work: anything but 234 and a completed handshake fails the check; pinned to a
 * `version` the server does not offer, it throws VersionRefused for the check to judge.
 */
export async function secureControl(
  session: ControlSession,
  agent: AgentConnection,
  transcript: Transcript,
  ca: TrustedCa,
  version?: TlsVersion,
): Promise<TlsHandshake> {
  const { reply, tls } = await authTls(session, agent, transcript, ca, version);
  if (!tls) throw new ProtocolFailure(`AUTH TLS got '${replyText(reply)}', expected 234`);
  if (version && versionRefused(tls)) throw new VersionRefused(version, tls);
  if (tls.outcome !== "secured") throw new ProtocolFailure(`AUTH TLS: ${describeHandshake(tls, ca.name)}`);
  return tls;
}

/**
 * RFC 4217 sections 8 and 9: PBSZ 0 then PROT P, each answered 200, or the check fails. The session's
 * data connections then go under TLS, trusting `ca` (ControlSession.dataProtection).
 */
export async function protectData(session: ControlSession, ca: TrustedCa): Promise<void> {
  for (const command of ["PBSZ 0", "PROT P"]) {
    const reply = await session.send(command);
    if (reply.code !== 200) throw new ProtocolFailure(`${command} got '${replyText(reply)}', expected 200`);
  }
  session.markDataProtected(ca);
}

/**
 * A login as a TLS-only server wants it (RFC 4217 sections 4, 8 and 9): AUTH TLS and its handshake
 * (unless the connection is implicit TLS already), USER/PASS under TLS, then PBSZ 0 and PROT P, so
 * that every data connection of the session goes under TLS too.
 */
export async function loginUnderTls(
  session: ControlSession,
  agent: AgentConnection,
  transcript: Transcript,
  options: { ca: TrustedCa; credentials: Credentials; implicit: boolean },
): Promise<void> {
  if (!options.implicit) await secureControl(session, agent, transcript, options.ca);
  await session.login(options.credentials);
  await protectData(session, options.ca);
}

/** Whether a data connection offers the control connection's TLS session for resumption. */
export type DataResumption = "resume" | "fresh";

/**
 * A data connection under TLS from the client host: the dial (a failure fails the check, carrying
 * the dial for its cause), then a handshake offering `control`'s TLS session or none. The
 * handshake runs while the transfer command is sent; dataHandshake() tells how it went.
 */
export async function connectProtectedData(
  agent: AgentConnection,
  endpoint: Endpoint,
  transcript: Transcript,
  options: {
    ca: TrustedCa;
    control: ControlSession;
    resumption: DataResumption;
    timeoutMs: number;
    /** Keep the server's TLS records, for closeNotifyOf(). */
    watchClose?: boolean;
  },
): Promise<string> {
  const result = await agent.request("data.connect-tls", {
    ...endpoint,
    ca: options.ca.pem,
    resume: options.resumption === "resume" ? options.control.handle : null,
    ...(options.watchClose ? { watchClose: true } : {}),
    timeoutMs: options.timeoutMs,
  });
  const text = describeDial(result.outcome, options.timeoutMs);
  const offered = result.offeredSession ? "offering the control connection's TLS session" : "a fresh TLS session";
  transcript.note(
    `data connection under TLS to ${endpoint.host}:${endpoint.port}: ${text} (${result.elapsedMs} ms)` +
      (result.data ? `, ${offered}` : ""),
  );
  if (!result.data) {
    throw new ProtocolFailure(`data connection to ${endpoint.host}:${endpoint.port}: ${text}`, {
      endpoint,
      outcome: result.outcome,
    });
  }
  return result.data;
}

/**
 * How a protected data connection's handshake went (waiting up to `timeoutMs`), noted in the
 * transcript; `ca` names the CA it trusted, for the note.
 */
export async function dataHandshake(
  agent: AgentConnection,
  data: string,
  transcript: Transcript,
  timeoutMs: number,
  ca?: TrustedCa,
): Promise<TlsHandshake> {
  const tls = await agent.request("data.tls", { data, timeoutMs });
  transcript.note(`TLS on the data connection: ${describeHandshake(tls, ca?.name)}`);
  return tls;
}

/** Whether the server sent close_notify before closing a data connection opened with `watchClose`, noted. */
export async function closeNotifyOf(agent: AgentConnection, data: string, transcript: Transcript, timeoutMs: number) {
  const finding = await agent.request("data.tls-close", { data, timeoutMs });
  transcript.note(`TLS close of the data connection: close_notify ${finding.closeNotify}: ${finding.detail}`);
  return finding;
}
