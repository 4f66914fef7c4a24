import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { QUIT_TIMEOUT_MS, type ControlSession } from "../harness/ftp/control-session.js";
import { formatSeconds } from "../harness/util/deadline.js";
import { describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { controlSourceRewritten } from "../harness/topology/scenario.js";
import {
  activeCommandFor,
  activeFile,
  activeRetrieve,
  binaryActiveSession,
  clientUnreachableForActive,
  describeActiveRun,
  isOk,
} from "./active-steps.js";

/**
 * A session that ends after an active-mode download must leave the server's other sessions served.
 * pyftpdlib 1.5.7 does not: its ActiveDTP keeps the descriptor number of the socket it handed to the
 * transfer; the transfer closes that socket, a connection accepted next reuses the number, and when
 * the session ends the ActiveDTP unregisters the number from the IO loop, so the newer connection is
 * never read again (pyftpdlib/ioloop.py AsyncChat.del_channel; giampaolo/pyftpdlib#568 reports a
 * server that stopped answering after PORT). The check makes that order happen on purpose: the
 * second connection is greeted after the download's 226 and before the first session's QUIT, so a
 * server that reuses the lowest free descriptor (Linux does) hands it the transfer's number.
 */
export const activeSessionEnd: CheckDefinition = {
  id: "active.session-end",
  title: "A session ending after an active-mode transfer leaves other sessions served",
  source:
    "RFC 959 section 4.1.1 (QUIT closes the user's own control connection) and section 4.2 (every command " +
    "gets a reply); pyftpdlib's ioloop (giampaolo/pyftpdlib#568)",
  requirement:
    "After a download through PORT (EPRT over IPv6) completes with 226, a second control connection, greeted " +
    "before the first session sends QUIT, still gets a reply to USER once the server has ended the first: " +
    "ending one session does not stop the server serving another.",
  level: "MUST",
  concurrency: "alone",
  activeMode: true,
  notApplicable: (scenario) =>
    clientUnreachableForActive(scenario)
      ? "the client is behind NAT without the FTP helper: no active-mode transfer can complete to end a session after"
      : controlSourceRewritten(scenario),
  async run(context) {
    const file = activeFile(context);
    const first = await binaryActiveSession(context);
    const command = activeCommandFor(context.scenario);
    const run = await activeRetrieve(context, first, command, file);
    const download = describeActiveRun(run, file);
    const retr = run.retr;
    if (!retr?.arrival.connected || !isOk(retr.final)) {
      return inconclusive(
        `the active-mode download did not complete (${download}), so no session ended after one; see active.port`,
      );
    }
    context.transcript.note("second control connection, greeted before the first session's QUIT");
    let second: ControlSession;
    try {
      second = await context.openControl();
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
      return inconclusive(`a second control connection beside the first was not greeted (${error.message})`);
    }
    const ended = await first.close();
    context.transcript.note(
      ended.serverEnded
        ? "the server ended the first session after its 221"
        : `the server did not end the first session after QUIT within ${formatSeconds(QUIT_TIMEOUT_MS)}: the client closed it`,
    );
    const user = await replyOrNone(second.send(`USER ${context.target.credentials.user}`));
    const expected = "a reply to USER on the second connection after the first session ended";
    const observed = `${download}; then the second connection's USER: ${describeFinal(user)}`;
    if ("code" in user) return pass(expected, observed);
    return fail(
      expected,
      observed,
      "serve every accepted connection until it ends, whatever other sessions do: pyftpdlib 1.5.7's IO loop " +
        "loses a connection accepted while a session that used active mode closes (clients there use passive mode)",
      {
        kind: "session-end-stops-other-session",
        detail: `USER on a connection greeted before the first session's QUIT: ${describeFinal(user)}`,
      },
    );
  },
};

export const SUITE_ORDER = 45;
export const ACTIVE_SESSION_END_CHECKS = [activeSessionEnd];
