import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { ftpHelperOnPath, type ScenarioSpec } from "../harness/topology/scenario.js";
import { fail, pass, skip } from "../harness/checks/outcome.js";
import { enterListener } from "../harness/ftp/passive-mode.js";
import { awaitFinalReply, describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { formatSeconds } from "../harness/util/deadline.js";
import { advertisedPortsUnusable, pollUntilClosed } from "./listener-probes.js";
import { acceptWaitMs } from "./passive-steps.js";

/**
 * Behind the FTP helper a data port is reachable only through the one expectation its PASV/EPSV
 * created (a second one evicts it, the first connection uses it up): a port that stops answering
 * says nothing about the server's listener there.
 */
const behindHelper = (scenario: ScenarioSpec) =>
  ftpHelperOnPath(scenario)
    ? "a gateway's FTP helper lets each advertised port be reached once, so a listener cannot be watched"
    : null;

export const listenerReplaced: CheckDefinition = {
  id: "listener.replaced",
  title: "A second PASV replaces the first listener",
  source: "RFC 959 section 4.1.2 (PASV: the server listens on a data port); RFC 2577 section 8 (port stealing)",
  requirement: "After a second PASV (or EPSV), the first passive listener is closed or no longer serves.",
  level: "ADVISORY",
  dialsDataPort: true,
  notApplicable: behindHelper,
  async run(context) {
    const session = await context.openLoggedIn();
    const first = await enterListener(session, context.network.control.host);
    const second = await enterListener(session, context.network.control.host);
    if (first.endpoint.port === second.endpoint.port) {
      return pass("the first listener closed or reused", `both replies name port ${first.endpoint.port}`);
    }
    const state = await pollUntilClosed(context, first.endpoint, context.timeouts.dataConnectMs);
    context.transcript.note(
      `first listener ${first.endpoint.host}:${first.endpoint.port}: ${state.last} after ${state.afterMs} ms`,
    );
    // The second listener must serve, or a closed first one proves nothing.
    const current = await pollUntilClosed(context, second.endpoint, 0);
    context.transcript.note(`second listener ${second.endpoint.host}:${second.endpoint.port}: ${current.last}`);
    if (current.closed) {
      return skip(
        `inconclusive: the second listener (port ${second.endpoint.port}) does not accept the client either ` +
          `(${current.last}), so nothing shows that a listener was replaced`,
      );
    }
    const observed = `first port ${first.endpoint.port}, second ${second.endpoint.port} (accepts); the first: ${state.last}`;
    if (state.closed) return pass("the first listener closed", `${observed} after ${state.afterMs} ms`);
    return fail(
      "the first listener closed",
      `${observed} for ${formatSeconds(state.afterMs)}`,
      "close the previous passive listener when a new one is opened",
    );
  },
};

export const listenerIdleTimeout: CheckDefinition = {
  id: "listener.idle-timeout",
  title: "A passive listener nobody connects to closes within the accept timeout",
  source: "vsftpd.conf(5) accept_timeout; ProFTPD TimeoutStalled; RFC 2577 section 8 (port stealing)",
  requirement:
    "After PASV (or EPSV) and a LIST with no data connection, the server gives up within the accept timeout " +
    "the target declares (a 4xx, or the end of the session) and the listener stops accepting.",
  level: "ADVISORY",
  dialsDataPort: true,
  notApplicable: (scenario, target) =>
    target.acceptTimeoutSeconds === undefined
      ? "the target declares no accept timeout"
      : scenario.name === "direct"
        ? null
        : "a property of the server alone, measured in the direct scenario",
  async run(context) {
    const timeoutMs = (context.target.acceptTimeoutSeconds ?? 0) * 1000;
    const boundMs = acceptWaitMs(context);
    const session = await context.openLoggedIn();
    const { endpoint } = await enterListener(session, context.network.control.host);
    const started = Date.now();
    // Bounded by the server's declared accept timeout: the 4xx (or the session's end) it gives then.
    const reply = await awaitFinalReply(session, await replyOrNone(session.send("LIST", boundMs)), "LIST", boundMs);
    const ending = describeFinal(reply);
    const elapsed = `after ${formatSeconds(Date.now() - started)}`;
    // After a reply, grace for the close that follows it: polled, never one probe racing it. With no
    // reply the server still waits to accept, and would take a probe for the data connection.
    const gaveUp = !("none" in reply && reply.silent);
    const state = await pollUntilClosed(context, endpoint, gaveUp ? context.timeouts.dataConnectMs : 0);
    context.transcript.note(
      `unused listener ${endpoint.host}:${endpoint.port}: ${state.last} after ${state.afterMs} ms`,
    );
    const unusable = await advertisedPortsUnusable(context);
    if (unusable) return skip(unusable);
    const expected = `the listener closed within ${formatSeconds(boundMs)} (accept timeout ${formatSeconds(timeoutMs)})`;
    const observed = `LIST without a data connection: ${ending} ${elapsed}; the listener then: ${state.last}${
      state.closed ? ` (${state.afterMs} ms after)` : gaveUp ? ` for ${formatSeconds(state.afterMs)} more` : ""
    }`;
    if (state.closed && gaveUp) return pass(expected, observed);
    return fail(
      expected,
      observed,
      `set ${context.target.settings.acceptTimeout} to a few seconds, so unused passive ports are released`,
    );
  },
};

export const listenerClosedWithSession: CheckDefinition = {
  id: "listener.closed-with-session",
  title: "A session's passive listener closes when the session ends",
  source: "RFC 959 section 4.1.1 (QUIT ends the session); vsftpd.conf(5) pasv_min_port; ProFTPD PassivePorts",
  requirement:
    "After PASV (or EPSV) and QUIT with no transfer, the listener stops accepting within the target's accept " +
    "wait: a server that leaks listeners uses up its passive range after as many sessions as it has ports.",
  level: "SHOULD",
  dialsDataPort: true,
  notApplicable: behindHelper,
  async run(context) {
    const session = await context.openLoggedIn();
    const { endpoint, mode } = await enterListener(session, context.network.control.host);
    const before = await pollUntilClosed(context, endpoint, 0);
    if (before.closed) {
      return skip(
        `inconclusive: the ${mode} port ${endpoint.port} did not accept the client (${before.last}), so nothing can show it closing`,
      );
    }
    await session.close();
    const boundMs = acceptWaitMs(context);
    const state = await pollUntilClosed(context, endpoint, boundMs);
    context.transcript.note(
      `listener ${endpoint.host}:${endpoint.port} after QUIT: ${state.last} after ${state.afterMs} ms`,
    );
    const expected = `the listener closed within ${formatSeconds(boundMs)} of QUIT`;
    if (state.closed)
      return pass(
        expected,
        `${mode} port ${endpoint.port} accepted before QUIT; ${state.last} ${state.afterMs} ms after`,
      );
    return fail(
      expected,
      `${mode} port ${endpoint.port} still accepts ${formatSeconds(state.afterMs)} after QUIT: every session that ends ` +
        `without a transfer keeps a port, so the passive range runs out`,
      "close a session's passive listener when the session ends (a restart releases the ports until then)",
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 100;

export const LISTENER_CHECKS: readonly CheckDefinition[] = [
  listenerReplaced,
  listenerIdleTimeout,
  listenerClosedWithSession,
];
