import { dialWait, serverGiveUpWait, transferWait, type CheckContext } from "../harness/checks/check-context.js";
import { unsupported, type CheckOutcome } from "../harness/checks/outcome.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { connectData, download, type DownloadResult } from "../harness/ftp/data-connection.js";
import type { FtpReply } from "../harness/agent/agent-protocol.js";
import { enterPassive, isUnsupported, type PassiveMode } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { replyText } from "../harness/ftp/reply-text.js";
import type { Wait } from "../harness/ftp/wait.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { pasvVariantNotOverIpv6 } from "./ipv6-steps.js";

/** Steps several checks share. Not checks themselves. */

/** The skip every EPSV check gives when the server answers EPSV with 500 or 502. */
export const epsvNotOffered = (replyShown: string): CheckOutcome =>
  unsupported(`the server answered EPSV with '${replyShown}'`);

/**
 * The opening every EPSV check shares: a logged-in session and the server's reply to `command`
 * ("EPSV", "EPSV 4", "EPSV ALL"); skipped as not offered when that reply is 500/502, else what
 * `decide` makes of it (the session goes on, for the commands the check sends next).
 */
export async function afterEpsv(
  context: CheckContext,
  command: string,
  decide: (reply: FtpReply, session: ControlSession) => CheckOutcome | Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const session = await context.openLoggedIn();
  const reply = await session.send(command);
  if (isUnsupported(reply)) return epsvNotOffered(replyText(reply));
  return decide(reply, session);
}

/**
 * The opening every check that reads a 227 shares: a logged-in session and the server's reply to PASV,
 * then what `decide` makes of it (the session goes on, for the commands the check sends next).
 */
export async function afterPasv(
  context: CheckContext,
  decide: (reply: FtpReply, session: ControlSession) => CheckOutcome | Promise<CheckOutcome>,
): Promise<CheckOutcome> {
  const session = await context.openLoggedIn();
  return decide(await session.send("PASV"), session);
}

/**
 * How long to wait for a server that waits for a passive connection to give up: the accept timeout
 * the target's profile declares plus one dial wait, else the undeclared fallback (vsftpd's default
 * accept_timeout, 60 s) plus one dial wait; its label says which, for the verdict it decides.
 */
export const acceptWait = (context: CheckContext): Wait => serverGiveUpWait(context.target, context.timeouts, "accept");

/** acceptWait's length alone. */
export const acceptWaitMs = (context: CheckContext): number => acceptWait(context).ms;

/** The passive mode a check variant names: "epsv", else PASV. */
export const modeOf = (variant: string | undefined): PassiveMode => (variant === "epsv" ? "EPSV" : "PASV");

/**
 * What a check run once in each passive mode declares: its two variants, one data port dialled,
 * and PASV left out over IPv6 (spread into its definition).
 */
export const IN_BOTH_PASSIVE_MODES = {
  variants: ["pasv", "epsv"],
  dialsDataPort: true,
  notApplicable: pasvVariantNotOverIpv6,
} as const satisfies Partial<CheckDefinition>;

/** binarySession in the passive mode a check variant names, and that mode. */
export async function binarySessionFor(context: CheckContext, variant: string | undefined) {
  const mode = modeOf(variant);
  return { mode, ...(await binarySession(context, mode)) };
}

/** A logged-in binary-mode session, with data connections (and downloads over them) in one mode. */
export async function binarySession(context: CheckContext, mode: PassiveMode) {
  const session: ControlSession = await context.openLoggedIn();
  const type = await session.send("TYPE I");
  if (type.code !== 200) throw new ProtocolFailure(`TYPE I got '${replyText(type)}', expected 200`);
  const openData = async (): Promise<string> => {
    const endpoint: Endpoint = await enterPassive(session, mode, context.network.control.host);
    return connectData(context.client, endpoint, context.transcript, dialWait(context.timeouts), { session });
  };
  const fetch = async (command: string): Promise<DownloadResult> =>
    download(session, context.client, await openData(), command, context.transcript, transferWait(context.timeouts));
  return { session, openData, fetch };
}

/** PASV or EPSV, a data connection to the endpoint, and a complete LIST over it. */
export async function listThrough(
  context: CheckContext,
  mode: PassiveMode,
): Promise<{ endpoint: Endpoint; bytes: number }> {
  const session = await context.openLoggedIn();
  const endpoint = await enterPassive(session, mode, context.network.control.host);
  return { endpoint, bytes: await listAt(context, session, endpoint) };
}

/** A data connection from the client to `endpoint` and a complete LIST over it: the bytes listed. */
export async function listAt(context: CheckContext, session: ControlSession, endpoint: Endpoint): Promise<number> {
  return (await listingAt(context, session, endpoint)).bytes;
}

/**
 * A data connection from the client to `endpoint` and a complete LIST over it: what was listed,
 * its first `keepBytes` kept (the agent's default when absent).
 */
export async function listingAt(
  context: CheckContext,
  session: ControlSession,
  endpoint: Endpoint,
  keepBytes?: number,
): Promise<DownloadResult> {
  const data = await connectData(context.client, endpoint, context.transcript, dialWait(context.timeouts), {
    keepBytes,
    session,
  });
  return download(session, context.client, data, "LIST", context.transcript, transferWait(context.timeouts));
}
