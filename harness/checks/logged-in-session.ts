import { ControlSession } from "../ftp/control-session.js";
import type { Endpoint } from "../ftp/endpoint.js";
import { loginUnderTls } from "../ftp/tls-control.js";
import type { Transcript } from "../ftp/transcript.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { trustedCa } from "../tls/trusted-ca.js";
import { replyWait } from "./check-context.js";
import type { SuiteEnvironment } from "./suite-environment.js";

/** What opening a logged-in session needs of a pair's environment. */
type LoginEnvironment = Pick<SuiteEnvironment, "client" | "network" | "target" | "timeouts">;

/**
 * A target whose profile declares `tls.required` is logged in to under TLS by the preflight and by
 * every check that logs in (docs/ftps.md): a TLS-only server refuses a plaintext login.
 */
export const logsInUnderTls = (target: TargetSpec): boolean => target.tls?.required === true;

/** Where a TLS login connects: the control endpoint, or the implicit TLS port when the profile names one. */
export function loginEndpoint(environment: LoginEnvironment): Endpoint {
  const { control } = environment.network;
  const tls = environment.target.tls;
  return tls?.mode === "implicit" && tls.port !== undefined ? { host: control.host, port: tls.port } : control;
}

/**
 * A control connection from the client host, logged in with the target's credentials: in plaintext,
 * or, for a TLS-only target, under TLS (AUTH TLS or implicit TLS, then PBSZ 0 and PROT P, so its
 * data connections go under TLS too, resuming its TLS session as clients do). `opened` sees the
 * session as soon as it is connected, so that a failed login still closes it.
 */
export async function openLoggedInSession(
  environment: LoginEnvironment,
  transcript: Transcript,
  opened: (session: ControlSession) => void = () => undefined,
): Promise<ControlSession> {
  const { client, target, timeouts } = environment;
  const tls = target.tls;
  let session: ControlSession;
  if (logsInUnderTls(target) && tls?.mode === "implicit") {
    const ca = trustedCa(tls.ca);
    ({ session } = await ControlSession.openImplicit(
      client,
      loginEndpoint(environment),
      transcript,
      timeouts.replyMs,
      ca,
    ));
    opened(session);
    await loginUnderTls(session, client, transcript, { ca, credentials: target.credentials, implicit: true });
    return session;
  }
  session = await ControlSession.open(client, environment.network.control, transcript, replyWait(timeouts));
  opened(session);
  if (logsInUnderTls(target) && tls) {
    const ca = trustedCa(tls.ca);
    await loginUnderTls(session, client, transcript, { ca, credentials: target.credentials, implicit: false });
  } else {
    await session.login(target.credentials);
  }
  return session;
}
