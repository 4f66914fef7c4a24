import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { enterAnyPassive } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { formatSeconds } from "../harness/util/deadline.js";

export const listenerReplaced: CheckDefinition = {
  id: "listener.replaced",
  title: "A second PASV replaces the first listener",
  source: "RFC 959 section 4.1.2 (PASV: the server listens on a data port); RFC 2577 section 8 (port stealing)",
  requirement: "After a second PASV (or EPSV), the first passive listener is closed or no longer serves.",
  level: "ADVISORY",
  async run(context) {
    const session = await context.openLoggedIn();
    const first = await enterAnyPassive(session, context.network.control.host);
    const second = await enterAnyPassive(session, context.network.control.host);
    if (first.endpoint.port === second.endpoint.port) {
      return pass("the first listener closed or reused", `both replies name port ${first.endpoint.port}`);
    }
    const probe = await context.client.request("tcp.probe", {
      ...first.endpoint,
      timeoutMs: context.timeouts.dataConnectMs,
    });
    const text = describeDial(probe.outcome, context.timeouts.dataConnectMs);
    context.transcript.note(`probe of the first listener ${first.endpoint.host}:${first.endpoint.port}: ${text}`);
    const observed = `first port ${first.endpoint.port}, second ${second.endpoint.port}; the first: ${text}`;
    if (probe.outcome !== "connected") return pass("the first listener closed", observed);
    return fail("the first listener closed", observed, "close the previous passive listener when a new one is opened");
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
  notApplicable: (scenario, target) =>
    target.acceptTimeoutSeconds === undefined
      ? "the target declares no accept timeout"
      : scenario.name === "direct"
        ? null
        : "a property of the server alone, measured in the direct scenario",
  async run(context) {
    const timeoutMs = (context.target.acceptTimeoutSeconds ?? 0) * 1000;
    // Grace for the server's timer and the round trip; as long as deciding that a port is dead.
    const boundMs = timeoutMs + context.timeouts.dataConnectMs;
    const session = await context.openLoggedIn();
    const { endpoint } = await enterAnyPassive(session, context.network.control.host);
    const started = Date.now();
    const ending = await awaitGivingUp(session, boundMs);
    const elapsed = `after ${formatSeconds(Date.now() - started)}`;
    const probe = await context.client.request("tcp.probe", { ...endpoint, timeoutMs: context.timeouts.dataConnectMs });
    const text = describeDial(probe.outcome, context.timeouts.dataConnectMs);
    context.transcript.note(`probe of the unused listener ${endpoint.host}:${endpoint.port}: ${text}`);
    const expected = `the listener closed within ${formatSeconds(boundMs)} (accept timeout ${formatSeconds(timeoutMs)})`;
    const observed = `LIST without a data connection: ${ending} ${elapsed}; the listener then: ${text}`;
    if (probe.outcome !== "connected" && !ending.startsWith("no reply")) return pass(expected, observed);
    return fail(
      expected,
      observed,
      `set ${context.target.settings.acceptTimeout} to a few seconds, so unused passive ports are released`,
    );
  },
};

/** Sends LIST and waits, bounded, for the server to give up on the data connection. */
async function awaitGivingUp(session: ControlSession, boundMs: number): Promise<string> {
  const deadline = Date.now() + boundMs;
  try {
    let reply = await session.send("LIST", boundMs);
    while (codeClass(reply) === 1) reply = await session.read("LIST", Math.max(1, deadline - Date.now()));
    return `'${replyText(reply)}'`;
  } catch (error) {
    if (error instanceof ProtocolFailure) return error.message;
    throw error;
  }
}

export const LISTENER_CHECKS: readonly CheckDefinition[] = [listenerReplaced, listenerIdleTimeout];
