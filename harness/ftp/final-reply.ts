import type { FtpReply } from "../agent/agent-protocol.js";
import type { ControlSession } from "./control-session.js";
import { NoReply, ProtocolFailure } from "./protocol-failure.js";
import { codeClass, replyText } from "./reply-text.js";
import { describeWait, waitMs, type WaitLike } from "./wait.js";

/** Why no (final) reply came: the server stayed silent (it may still answer), or the connection ended. */
export interface NoFinalReply {
  none: string;
  silent: boolean;
}

/** A reply, or why none came: for checks where a silent server is evidence, not the end of the check. */
export async function replyOrNone(pending: Promise<FtpReply>): Promise<FtpReply | NoFinalReply> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof ProtocolFailure) return { none: error.message, silent: error instanceof NoReply };
    throw error;
  }
}

/**
 * Reads on past 1xx replies (and silence) until a final reply, bounded by `timeout` in all; when none
 * comes, says so naming the wait (and where its length came from, when it is a Wait).
 */
export async function awaitFinalReply(
  session: ControlSession,
  first: FtpReply | NoFinalReply,
  command: string,
  timeout: WaitLike,
): Promise<FtpReply | NoFinalReply> {
  const deadline = Date.now() + waitMs(timeout);
  let reply = first;
  while (!("code" in reply) || codeClass(reply) === 1) {
    if ("none" in reply && !reply.silent) return reply;
    const left = deadline - Date.now();
    if (left <= 0) return { none: `no final reply to ${command} within ${describeWait(timeout)}`, silent: true };
    reply = await replyOrNone(session.read(command, left));
  }
  return reply;
}

/** A final reply, or why there was none, as one phrase. */
export const describeFinal = (final: FtpReply | NoFinalReply): string =>
  "none" in final ? final.none : `'${replyText(final)}'`;
