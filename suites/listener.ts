import type { CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { ftpHelperOnPath, measuresServerAlone, type ScenarioSpec } from "../harness/topology/scenario.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { enterListener, type PassiveMode } from "../harness/ftp/passive-mode.js";
import { awaitFinalReply, describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { formatSeconds, sleep } from "../harness/util/deadline.js";
import { advertisedPortsUnusable, pollUntilClosed } from "./listener-probes.js";
import { acceptWait, acceptWaitMs } from "./passive-steps.js";
import { describeWait } from "../harness/ftp/wait.js";

/**
 * Behind the FTP helper a data port is reachable only through the one expectation its PASV/EPSV
 * created (a second one evicts it, the first connection uses it up): a port that stops answering
 * says nothing about the server's listener there.
 */
const behindHelper = (scenario: ScenarioSpec) =>
  ftpHelperOnPath(scenario)
    ? "a gateway's FTP helper lets each advertised port be reached once, so a listener cannot be watched"
    : null;

/**
 * Where the gateway forwards no data port as the server numbers it (none at all without a helper, or
 * the range under other numbers), or sends data connections to another replica, the client reaches
 * no advertised listener: whether one probe finds one would depend on which port the server picks
 * (one it advertised before, or a new one).
 */
const unwatchable = (scenario: ScenarioSpec) =>
  behindHelper(scenario) ??
  (scenario.natted && !scenario.ftpHelper && (scenario.forwarding === "none" || scenario.forwarding === "shifted-range")
    ? "the gateway forwards no data port under the number the server advertises, so a listener cannot be watched"
    : scenario.replicas === "spread"
      ? "the balancer sends data connections to the replica that did not open the listener, so it cannot be watched"
      : null);

export const listenerReplaced: CheckDefinition = {
  id: "listener.replaced",
  title: "A second PASV replaces the first listener",
  source: "RFC 959 section 4.1.2 (PASV: the server listens on a data port); RFC 2577 section 8 (port stealing)",
  requirement: "After a second PASV (or EPSV), the first passive listener is closed or no longer serves.",
  level: "ADVISORY",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: unwatchable,
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
      return inconclusive(
        `the second listener (port ${second.endpoint.port}) does not accept the client either ` +
          `(${current.last}), so nothing shows that a listener was replaced`,
      );
    }
    const observed = `first port ${first.endpoint.port}, second ${second.endpoint.port} (accepts); the first: ${state.last}`;
    const expected = "the first listener closed";
    const hint = "close the previous passive listener when a new one is opened";
    if (state.closed && state.accepted === 0) return pass(expected, `${observed} after ${state.afterMs} ms`);
    if (!state.closed) return fail(expected, `${observed} for ${formatSeconds(state.afterMs)}`, hint);
    // It accepted a probe, then closed: a listener that closes after one connection (pyftpdlib's) does so
    // whether it was replaced or not. A new pair's first listener, never dialled, looked at once after the
    // same wait, decides.
    const waitMs = context.timeouts.dataConnectMs;
    const again = await enterListener(session, context.network.control.host);
    const replacing = await enterListener(session, context.network.control.host);
    const secondLook =
      `${observed} ${state.afterMs} ms after accepting ${state.accepted} probe(s) (which uses a listener that ` +
      `closes after one connection up), so a new first port ${again.endpoint.port}`;
    if (again.endpoint.port === replacing.endpoint.port) {
      return pass(expected, `${secondLook}: the next reply named it again (reused)`);
    }
    await sleep(waitMs);
    const late = await pollUntilClosed(context, again.endpoint, 0);
    context.transcript.note(
      `first listener of a new pair ${again.endpoint.host}:${again.endpoint.port}, ${formatSeconds(waitMs)} after ` +
        `its replacement: ${late.last}`,
    );
    const looked = `${secondLook}, never dialled, was probed once ${formatSeconds(waitMs)} after its replacement: ${late.last}`;
    return late.closed ? pass(expected, looked) : fail(expected, looked, hint);
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
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: (scenario, target) =>
    target.acceptTimeoutSeconds === undefined
      ? "the target declares no accept timeout"
      : measuresServerAlone(scenario)
        ? null
        : "a property of the server alone, measured in the direct scenario",
  async run(context) {
    const timeoutMs = (context.target.acceptTimeoutSeconds ?? 0) * 1000;
    const boundMs = acceptWaitMs(context);
    const session = await context.openLoggedIn();
    const { endpoint } = await enterListener(session, context.network.control.host);
    const started = Date.now();
    // Bounded by the server's declared accept timeout: the 4xx (or the session's end) it gives then.
    const reply = await awaitFinalReply(
      session,
      await replyOrNone(session.send("LIST", acceptWait(context))),
      "LIST",
      acceptWait(context),
    );
    const ending = describeFinal(reply);
    const elapsed = `after ${formatSeconds(Date.now() - started)}`;
    // After a reply, the grace for the close that follows it (the dial wait) goes by untouched, then
    // one probe: a probe during the grace could itself use up a listener that accepts one
    // connection and closes (pyftpdlib's), and a leak would read as a close. With no reply the
    // server still waits to accept, and would take a probe for the data connection.
    const gaveUp = !("none" in reply && reply.silent);
    if (gaveUp) await sleep(context.timeouts.dataConnectMs);
    const state = await pollUntilClosed(context, endpoint, 0);
    context.transcript.note(
      `unused listener ${endpoint.host}:${endpoint.port}: ${state.last} after ${state.afterMs} ms`,
    );
    const unusable = await advertisedPortsUnusable(context);
    if (unusable) return inconclusive(unusable);
    const expected = `the listener closed within ${formatSeconds(boundMs)} (accept timeout ${formatSeconds(timeoutMs)})`;
    const observed = `LIST without a data connection: ${ending} ${elapsed}; the listener then: ${state.last}${
      gaveUp ? ` (probed ${formatSeconds(context.timeouts.dataConnectMs)} after the reply)` : ""
    }`;
    if (state.closed && gaveUp) return pass(expected, observed);
    return fail(
      expected,
      observed,
      `set ${context.target.settings.acceptTimeout} to a few seconds, so unused passive ports are released`,
    );
  },
};

/** A PASV/EPSV listener of a logged-in session that nobody has dialled, then QUIT: the listener to watch. */
async function quitWithUndialledListener(
  context: CheckContext,
  session: ControlSession,
): Promise<{ endpoint: Endpoint; mode: PassiveMode }> {
  const watched = await enterListener(session, context.network.control.host);
  await session.close();
  return watched;
}

export const listenerClosedWithSession: CheckDefinition = {
  id: "listener.closed-with-session",
  title: "A session's passive listener closes when the session ends",
  source: "RFC 959 section 4.1.1 (QUIT ends the session); vsftpd.conf(5) pasv_min_port; ProFTPD PassivePorts",
  requirement:
    "After PASV (or EPSV) and QUIT with no transfer, the listener stops accepting within the target's accept " +
    "wait: a server that leaks listeners uses up its passive range after as many sessions as it has ports.",
  level: "SHOULD",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: unwatchable,
  async run(context) {
    const session = await context.openLoggedIn();
    // The watched listener is never dialled before QUIT: a listener that closes once it has accepted a
    // connection (pyftpdlib's) would close on that probe, leak or no leak. That this session's listeners
    // accept the client comes from a first one (the witness), which the watched one then replaces.
    const witness = await enterListener(session, context.network.control.host);
    const first = await pollUntilClosed(context, witness.endpoint, 0);
    if (first.closed) {
      return inconclusive(
        `the ${witness.mode} port ${witness.endpoint.port} did not accept the client (${first.last}), ` +
          `so nothing can show a listener of this session closing`,
      );
    }
    const opened = `the session's ${witness.mode} port ${witness.endpoint.port} accepted the client`;
    const boundMs = acceptWaitMs(context);
    const expected = `the listener closed within ${describeWait(acceptWait(context))} of QUIT`;
    const { endpoint, mode } = await quitWithUndialledListener(context, session);
    const watched = `its next ${mode} port ${endpoint.port}, never dialled before QUIT,`;
    const state = await pollUntilClosed(context, endpoint, boundMs);
    context.transcript.note(
      `listener ${endpoint.host}:${endpoint.port} after QUIT: ${state.last} after ${state.afterMs} ms, ` +
        `${state.accepted} probe(s) accepted`,
    );
    if (state.closed && state.accepted === 0) {
      return pass(expected, `${opened}; ${watched} ${state.last} ${state.afterMs} ms after QUIT`);
    }
    const leaked = (observed: string) =>
      fail(
        expected,
        `${observed}: every session that ends without a transfer keeps a port, so the passive range runs out`,
        "close a session's passive listener when the session ends (a restart releases the ports until then)",
        { kind: "listener-outlives-session", detail: `port ${endpoint.port} still accepted after QUIT`, endpoint },
      );
    if (!state.closed) return leaked(`${opened}; ${watched} still accepts ${formatSeconds(state.afterMs)} after QUIT`);
    // It accepted after QUIT, then closed: a server closing late does that, and so does a leaked listener
    // that closes after one connection (the probe used it up). Whether a probe uses this server's
    // listeners up is no help: one that closes after accepting races a second probe sent right behind
    // the first. One more session's listener, looked at once when the whole wait has passed, decides.
    const again = await quitWithUndialledListener(context, await context.openLoggedIn());
    await sleep(boundMs);
    const late = await pollUntilClosed(context, again.endpoint, 0);
    context.transcript.note(
      `listener ${again.endpoint.host}:${again.endpoint.port}, ${formatSeconds(boundMs)} after QUIT: ${late.last}`,
    );
    const secondLook =
      `${opened}; ${watched} accepted a probe after QUIT and then closed (${state.last} ${state.afterMs} ms after ` +
      `QUIT: late, or used up by the probe), so a new session's ${again.mode} port ${again.endpoint.port}, never ` +
      `dialled, was probed once ${formatSeconds(boundMs)} after QUIT:`;
    if (late.closed) return pass(expected, `${secondLook} ${late.last}`);
    return leaked(`${secondLook} it still accepts`);
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 100;

export const LISTENER_CHECKS: readonly CheckDefinition[] = [
  listenerReplaced,
  listenerIdleTimeout,
  listenerClosedWithSession,
];
