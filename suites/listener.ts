import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { enterAnyPassive } from "../harness/ftp/passive-mode.js";

export const listenerReplaced: CheckDefinition = {
  id: "listener.replaced",
  title: "A second PASV replaces the first listener",
  source: "seed 003 (resource exhaustion); RFC 959 section 4.1.1",
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

export const LISTENER_CHECKS: readonly CheckDefinition[] = [listenerReplaced];
