import type { FtpReply } from "../agent/agent-protocol.js";
import type { ControlSession } from "./control-session.js";
import type { Endpoint } from "./endpoint.js";
import { parseEpsvReply } from "./parse-epsv.js";
import { parsePasvReply } from "./parse-pasv.js";
import { ProtocolFailure } from "./protocol-failure.js";
import { replyText } from "./reply-text.js";

export type PassiveMode = "PASV" | "EPSV";

/** 500 and 502 to EPSV mean the server does not offer it: EPSV checks are skipped, not failed. */
export const isUnsupported = (reply: FtpReply) => reply.code === 500 || reply.code === 502;

export class UnsupportedCommand extends Error {
  override readonly name = "UnsupportedCommand";
}

/**
 * Sends PASV or EPSV and returns where the client must connect: the 227's address, or the control
 * connection's host with the 229's port (RFC 2428 section 3).
 */
export async function enterPassive(session: ControlSession, mode: PassiveMode, controlHost: string): Promise<Endpoint> {
  const reply = await session.send(mode);
  if (mode === "EPSV" && isUnsupported(reply)) throw new UnsupportedCommand(`EPSV: ${replyText(reply)}`);
  const expected = mode === "PASV" ? 227 : 229;
  if (reply.code !== expected) throw new ProtocolFailure(`${mode} got '${replyText(reply)}', expected ${expected}`);
  const text = reply.lines.join("\n");
  if (mode === "PASV") {
    const parsed = parsePasvReply(text);
    if (!parsed.ok) throw new ProtocolFailure(`unreadable 227 reply: ${parsed.problem}`);
    return { host: parsed.host, port: parsed.port };
  }
  const parsed = parseEpsvReply(text);
  if (!parsed.ok) throw new ProtocolFailure(`unreadable 229 reply: ${parsed.problem}`);
  return { host: controlHost, port: parsed.port };
}

/**
 * A passive endpoint by EPSV when the server offers it, else by PASV: for checks about listeners
 * rather than addresses, so a misadvertised 227 (nat-unadvertised) does not hide what they test.
 */
export async function enterAnyPassive(
  session: ControlSession,
  controlHost: string,
): Promise<{ endpoint: Endpoint; mode: PassiveMode }> {
  try {
    return { endpoint: await enterPassive(session, "EPSV", controlHost), mode: "EPSV" };
  } catch (error) {
    if (!(error instanceof UnsupportedCommand)) throw error;
    return { endpoint: await enterPassive(session, "PASV", controlHost), mode: "PASV" };
  }
}

/**
 * A passive listener to probe, as enterAnyPassive gives it but always at the control host: checks
 * about listeners (stealing, replacing, closing) ask whether the port serves, not whether the 227
 * names a reachable address, which address checks decide.
 */
export async function enterListener(
  session: ControlSession,
  controlHost: string,
): Promise<{ endpoint: Endpoint; mode: PassiveMode }> {
  const { endpoint, mode } = await enterAnyPassive(session, controlHost);
  return { endpoint: { host: controlHost, port: endpoint.port }, mode };
}
