import { AgentError, type AgentConnection } from "../harness/agent/agent-connection.js";
import type { TlsHandshake, TlsVersion } from "../harness/agent/tls-protocol.js";
import type { CheckContext } from "../harness/checks/check-context.js";
import { fail, notApplicable, type CheckOutcome } from "../harness/checks/outcome.js";
import { ControlSession } from "../harness/ftp/control-session.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { replyText } from "../harness/ftp/reply-text.js";
import { describeHandshake } from "../harness/ftp/tls-evidence.js";
import {
  authTls,
  connectProtectedData,
  protectData,
  secureControl,
  type DataResumption,
} from "../harness/ftp/tls-control.js";
import {
  CURRENT_TLS_VERSIONS,
  LEGACY_TLS_VERSIONS,
  VersionRefused,
  versionRefused,
  versionWords,
} from "../harness/ftp/tls-versions.js";
import type { TargetSpec } from "../harness/targets/target-spec.js";
import { trustedCa, type TrustedCa } from "../harness/tls/trusted-ca.js";
import { ScenarioSpec } from "../harness/topology/scenario.js";
import type { IntruderChannel } from "./intruder-steps.js";

/** Steps the tls.* checks share. Not checks themselves. */

/**
 * The CA the agent trusts: the profile's (tls.ca), else the run's, which signed the certificate
 * the harness gave the server.
 */
export const targetCa = (context: CheckContext) => trustedCa(context.target.tls?.ca);

/**
 * Why no tls.* check applies: the profile declares no TLS. (Every gateway forwards an implicit TLS port
 * wherever it forwards the control port: harness/topology/compositions/control-port-ranges.ts.)
 */
export function tlsNotApplicable(_scenario: ScenarioSpec, target: TargetSpec): string | null {
  return target.tls ? null : "the target's profile declares no tls";
}

/** A tls.* check's notApplicable: not where the profile declares no TLS, else as `reason` says. */
export const tlsDeclaredAnd =
  (reason: (scenario: ScenarioSpec, target: TargetSpec) => string | null) =>
  (scenario: ScenarioSpec, target: TargetSpec): string | null =>
    tlsNotApplicable(scenario, target) ?? reason(scenario, target);

/**
 * Behind the FTP helper no data port is opened under TLS (the helper cannot read the 227 or 229):
 * checks that need a data connection are not decided there; tls.alg-blind shows what happens.
 */
export function dataUnderTlsNotApplicable(scenario: ScenarioSpec, target: TargetSpec): string | null {
  const reason = tlsNotApplicable(scenario, target);
  if (reason) return reason;
  return scenario.ftpHelper
    ? "behind the FTP helper no data port is opened under TLS (it cannot read the 227 or 229); tls.alg-blind shows it"
    : null;
}

/** Where the TLS checks open the control connection: the control endpoint, or the implicit TLS port. */
export function tlsControlEndpoint(context: CheckContext): Endpoint {
  const { control } = context.network;
  const tls = context.target.tls;
  return tls?.mode === "implicit" && tls.port !== undefined ? { host: control.host, port: tls.port } : control;
}

/**
 * The target's implicit TLS control connection (tlsControlEndpoint), trusting `ca`, pinned to `version`
 * and asking for `servername` (SNI) when given.
 */
export function openImplicitControl(
  context: CheckContext,
  ca: TrustedCa,
  version?: TlsVersion,
  servername?: string,
): Promise<{ session: ControlSession; tls: TlsHandshake }> {
  const { client, transcript, timeouts } = context;
  return ControlSession.openImplicit(
    client,
    tlsControlEndpoint(context),
    transcript,
    timeouts.replyMs,
    ca,
    version,
    servername,
  );
}

/** A control connection under TLS (AUTH TLS, or implicit) and what its handshake showed. */
export interface SecuredSession {
  session: ControlSession;
  handshake: TlsHandshake;
}

/** How a TLS session is opened: with PBSZ 0 and PROT P (`protect`), pinned to a TLS `version` or not. */
export interface SessionOptions {
  protect: boolean;
  version?: TlsVersion;
}

/**
 * The TLS sessions a check opens: explicit ones through the runner (closed when the check ends),
 * implicit ones here; close() ends those. Each `open` protects the control connection (pinned to
 * `version` when given: its data connections are then too; a version the server does not offer
 * throws VersionRefused), logs in, and with `protect` sends PBSZ 0 and PROT P.
 */
export function tlsSessions(context: CheckContext) {
  const implicit: ControlSession[] = [];
  const open = async (options: SessionOptions): Promise<SecuredSession> => {
    let secured: SecuredSession;
    if (context.target.tls?.mode === "implicit") {
      const { session, tls } = await openImplicitControl(context, targetCa(context), options.version);
      implicit.push(session);
      secured = { session, handshake: tls };
    } else {
      const session = await context.openControl();
      secured = {
        session,
        handshake: await secureControl(session, context.client, context.transcript, targetCa(context), options.version),
      };
    }
    await secured.session.login(context.target.credentials);
    if (options.protect) await protectData(secured.session, targetCa(context));
    return secured;
  };
  const close = () => Promise.all(implicit.map((session) => session.close()));
  return { open, close };
}

/**
 * Runs `body` with TLS sessions, closing the implicit ones however it ends. Where the profile declares
 * implicit TLS, a decided outcome's evidence opens with where the sessions went (`implicit TLS at
 * host:port:`), so a report tells an implicit run from an explicit one.
 */
export async function withTlsSessions<T>(
  context: CheckContext,
  body: (open: (options: SessionOptions) => Promise<SecuredSession>) => Promise<T>,
): Promise<T> {
  const sessions = tlsSessions(context);
  try {
    const result = await body(sessions.open);
    return context.target.tls?.mode === "implicit" && isDecided(result)
      ? ({ ...result, observed: `${implicitAt(context)}: ${result.observed}` } as T)
      : result;
  } finally {
    await sessions.close();
  }
}

/** Where implicit TLS sessions go, as evidence says it: `implicit TLS at 203.0.113.2:990`. */
export function implicitAt(context: CheckContext): string {
  const { host, port } = tlsControlEndpoint(context);
  return `implicit TLS at ${host.includes(":") ? `[${host}]` : host}:${port}`;
}

const isDecided = (value: unknown): value is CheckOutcome =>
  typeof value === "object" &&
  value !== null &&
  "status" in value &&
  (value.status === "pass" || value.status === "fail") &&
  "observed" in value &&
  typeof value.observed === "string";

/** A binary-mode session under TLS with PROT P. */
export async function protectedBinarySession(
  open: (options: SessionOptions) => Promise<SecuredSession>,
  version?: TlsVersion,
) {
  const secured = await open({ protect: true, ...(version ? { version } : {}) });
  const type = await secured.session.send("TYPE I");
  if (type.code !== 200) throw new ProtocolFailure(`TYPE I got '${replyText(type)}', expected 200`);
  return secured;
}

/** A data connection under TLS from the client host to `endpoint`, resuming `session`'s TLS session or not. */
export function protectedData(
  context: CheckContext,
  session: ControlSession,
  endpoint: Endpoint,
  resumption: DataResumption,
  watchClose = false,
): Promise<string> {
  return connectProtectedData(context.client, endpoint, context.transcript, {
    ca: targetCa(context),
    control: session,
    resumption,
    timeoutMs: context.timeouts.dataConnectMs,
    watchClose,
  });
}

/**
 * The intruder attempt under TLS: a protected session; the intruder attempts a TLS handshake of its
 * own (it cannot resume the client's session), started once RETR is sent as a client's is, and how
 * it went is evidence; the client resumes its control connection's.
 */
export function tlsIntruderChannel(context: CheckContext): { channel: IntruderChannel; close(): Promise<unknown> } {
  const sessions = tlsSessions(context);
  const connectData = (
    agent: AgentConnection,
    who: "intruder" | "client",
    endpoint: Endpoint,
    session: ControlSession,
    timeoutMs: number,
  ) =>
    agent.request("data.connect-tls", {
      ...endpoint,
      ca: targetCa(context).pem,
      resume: who === "client" ? session.handle : null,
      timeoutMs,
    });
  // The intruder's handshake started with its first read (RETR was sent): how it went, in the evidence.
  const describeIntruder = async (agent: AgentConnection, data: string, context: CheckContext) => {
    // The agent forgets a connection that closed before its handshake started: none began.
    const tls = await agent.request("data.tls", { data, timeoutMs: 1 }).catch((error: unknown) => {
      if (error instanceof AgentError) return null;
      throw error;
    });
    if (!tls) return "closed before its TLS handshake began";
    context.transcript.note(`intruder's TLS data connection: ${describeHandshake(tls)}`);
    return intruderHandshake(tls);
  };
  return {
    channel: {
      openSession: async () => (await sessions.open({ protect: true })).session,
      connectData,
      describeIntruder,
    },
    close: sessions.close,
  };
}

/** The intruder's TLS handshake on the data connection, as a short phrase. */
function intruderHandshake(tls: TlsHandshake): string {
  switch (tls.outcome) {
    case "secured":
      return `its TLS handshake completed, ${tls.protocol ?? "TLS"}`;
    case "closed":
      return "the server closed it during its TLS handshake";
    case "failed":
      return `its TLS handshake failed: ${tls.error ?? "unknown error"}`;
    default:
      return "its TLS handshake did not complete";
  }
}

/**
 * Whether the server offers `version`: a fresh control connection, AUTH TLS (or implicit TLS) and a
 * handshake pinned to it. Only a completed handshake counts.
 */
async function offers(context: CheckContext, version: TlsVersion): Promise<boolean> {
  const ca = targetCa(context);
  if (context.target.tls?.mode === "implicit") {
    const result = await context.client.request("ctl.open-tls", {
      ...tlsControlEndpoint(context),
      ca: ca.pem,
      version,
      timeoutMs: context.timeouts.replyMs,
    });
    if (result.session) await context.client.request("ctl.close", { session: result.session });
    return result.tls?.outcome === "secured";
  }
  const session = await context.openControl();
  const { tls } = await authTls(session, context.client, context.transcript, ca, version);
  return tls?.outcome === "secured";
}

/**
 * What a version the server refused means for a check run under it (RFC 8996, RFC 8446 appendix
 * D): when the server offers the other current version, the variant does not apply; when it offers
 * neither TLS 1.2 nor 1.3, the check fails saying which older versions it offers, if any.
 */
export async function judgeRefusedVersion(
  context: CheckContext,
  refused: VersionRefused,
  expected: string,
): Promise<CheckOutcome> {
  const why = `${versionWords(refused.version)} refused (${refused.handshake.error ?? "handshake failed"})`;
  const current: TlsVersion[] = [];
  for (const other of CURRENT_TLS_VERSIONS.filter((version) => version !== refused.version)) {
    if (await offers(context, other)) current.push(other);
  }
  if (current.length > 0) {
    return notApplicable(
      `the server does not offer ${versionWords(refused.version)}: ${why}; it offers ${current.map(versionWords).join(" and ")}`,
    );
  }
  const legacy: TlsVersion[] = [];
  for (const old of LEGACY_TLS_VERSIONS) if (await offers(context, old)) legacy.push(old);
  const offered = legacy.length
    ? `it offers only ${legacy.map(versionWords).join(" and ")}, deprecated by RFC 8996, which current clients refuse`
    : "no handshake completed at TLS 1.0 or 1.1 either";
  return fail(
    expected,
    `the server offers neither TLS 1.2 nor TLS 1.3: ${why}; ${offered}`,
    "offer TLS 1.2 and TLS 1.3 in the server's TLS settings (RFC 8996: TLS 1.0 and 1.1 MUST NOT be used)",
  );
}

/** Runs `body` under a pinned `version`, judging a version the server refuses (judgeRefusedVersion). */
export async function underVersion(
  context: CheckContext,
  version: TlsVersion | undefined,
  expected: string,
  body: () => Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof VersionRefused) || !version) throw error;
    return judgeRefusedVersion(context, error, expected);
  }
}

/** A handshake the server refused for its version, as VersionRefused when pinned; for tls.auth's own handshake. */
export function refusedForVersion(tls: TlsHandshake, version: TlsVersion | undefined): VersionRefused | undefined {
  return version && versionRefused(tls) ? new VersionRefused(version, tls) : undefined;
}
