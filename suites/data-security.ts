import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { activeCommandLine, type ActiveCommand } from "../harness/ftp/active-arguments.js";
import { awaitFinalReply, describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { activeCommandFor, ipv6 } from "./active-steps.js";
import {
  intruderNeverConnected,
  judgeIntruderRun,
  notAttempted,
  runIntruderAttempt,
  servedIntruderCause,
} from "./intruder-steps.js";
import { intruderIndistinct, intruderStoppedBeforeServer, type ScenarioSpec } from "../harness/topology/scenario.js";

/** Why the intruder checks cannot tell what the server does with another host's connection here, or null. */
const intruderNotDistinguished = (scenario: ScenarioSpec): string | null =>
  intruderIndistinct(scenario) ?? intruderStoppedBeforeServer(scenario);

const REFUSED = "the intruder's connection refused or closed, with no data";

export const dataForeignRefused: CheckDefinition = {
  id: "data.foreign-refused",
  title: "A data connection from another address is refused",
  source: "RFC 2577 section 8 (port stealing); vsftpd.conf(5) pasv_promiscuous; ProFTPD AllowForeignAddress",
  requirement:
    "When another host (the intruder) connects to the advertised passive port before the client, the server " +
    "refuses or closes that connection and sends it no data.",
  level: "MUST",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: intruderNotDistinguished,
  async run(context) {
    const run = await runIntruderAttempt(context);
    const found = await judgeIntruderRun(context, run);
    if (found.kind === "inconclusive") return inconclusive(found.reason);
    if (found.kind === "shut-out") return pass(REFUSED, found.observed);
    return fail(
      REFUSED,
      `${found.observed}: the server sent ${run.file.name} to a host that is not the client`,
      `refuse data connections from other addresses: ${context.target.settings.foreignDataRefused}`,
      servedIntruderCause(run),
    );
  },
};

export const dataClientSurvivesIntruder: CheckDefinition = {
  id: "data.client-survives-intruder",
  title: "The client's transfer survives an intruder cleanly",
  source: "RFC 2577 section 8 (port stealing); RFC 959 section 4.2 (4xx replies)",
  requirement:
    "After an intruder's attempt on the passive port, the client's transfer either completes intact or fails " +
    "cleanly with a 4xx reply; nothing hangs.",
  level: "SHOULD",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: intruderNotDistinguished,
  async run(context) {
    const run = await runIntruderAttempt(context);
    // No transfer, or an intruder the server never saw: there was nothing to survive.
    const untested = notAttempted(run) ?? (run.intruder ? null : await intruderNeverConnected(context, run));
    if (untested) return inconclusive(untested);
    const { client, file, final } = run;
    if (client?.hung)
      throw new ProtocolFailure(`RETR ${file.name}: the client's data connection hung after the intruder's attempt`);
    const sha = client?.connected ? `, sha256 ${client.sha256 === file.sha256 ? "matches" : "differs"}` : "";
    const observed = `RETR ${file.name}: ${describeFinal(final)}${sha}`;
    const expected = "an intact transfer or a clean 4xx";
    if ("code" in final && codeClass(final) === 4) return pass(expected, `failed cleanly: ${observed}`);
    if ("code" in final && codeClass(final) === 2 && client?.sha256 === file.sha256) {
      return pass(expected, `completed intact: ${observed}`);
    }
    return fail(expected, observed);
  },
};

export const dataBounceRefused: CheckDefinition = {
  id: "data.bounce-refused",
  title: "PORT and EPRT naming a third party are refused",
  source: "RFC 2577 section 3 (bounce attack)",
  requirement:
    "PORT or EPRT naming a third-party host (the intruder) is refused, and no connection reaches it (over IPv6 " +
    "EPRT |2| alone: PORT cannot name an IPv6 address).",
  level: "SHOULD",
  concurrency: "shared",
  activeMode: true,
  notApplicable: intruderIndistinct,
  async run(context) {
    const { listener, port } = await context.intruder.request("tcp.listen", {});
    const target = context.network.intruderAddress;
    const session = await context.openLoggedIn();
    const answers: string[] = [];
    let accepted = false;
    // PORT cannot name an IPv6 address: over IPv6 EPRT |2| alone.
    const commands: readonly ActiveCommand[] = ipv6(context.scenario) ? ["EPRT"] : ["PORT", "EPRT"];
    for (const verb of commands) {
      const reply = await session.send(activeCommandLine(verb, target, port));
      answers.push(`${verb}: '${replyText(reply)}'`);
      if (codeClass(reply) === 2) {
        accepted = true;
        // Accepted: make the server actually dial, to see whether it reaches the third party.
        const list = await replyOrNone(session.send("LIST"));
        await awaitFinalReply(session, list, "LIST", session.replyWait);
      }
    }
    const { peers } = await context.intruder.request("tcp.accepted", { listener, timeoutMs: 1000 });
    const observed = `${answers.join("; ")}; connections reaching the intruder: ${peers.length === 0 ? "none" : peers.join(", ")}`;
    const sent = commands.join(" and ");
    if (!accepted && peers.length === 0) return pass(`${sent} refused, nothing reaches the intruder`, observed);
    return fail(
      `${sent} to the intruder refused; no connection reaches it`,
      observed,
      `refuse PORT/EPRT to other hosts: ${context.target.settings.portRestricted}`,
    );
  },
};

export const dataPrivilegedPortRefused: CheckDefinition = {
  id: "data.privileged-port-refused",
  title: "PORT to a privileged port is refused",
  source: "RFC 2577 section 3",
  requirement: "PORT (EPRT |2| over IPv6) naming a port below 1024 (even on the client's own address) is refused.",
  level: "ADVISORY",
  concurrency: "shared",
  activeMode: true,
  async run(context) {
    const session = await context.openLoggedIn();
    const verb = activeCommandFor(context.scenario);
    const reply = await session.send(activeCommandLine(verb, context.network.clientAddress, 80));
    if (codeClass(reply) !== 2) return pass("refused", replyText(reply));
    return fail(
      `${verb} to port 80 refused`,
      `accepted: '${replyText(reply)}'`,
      `refuse PORT to ports below 1024: ${context.target.settings.portRestricted}`,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 80;

export const DATA_SECURITY_CHECKS: readonly CheckDefinition[] = [
  dataForeignRefused,
  dataClientSurvivesIntruder,
  dataBounceRefused,
  dataPrivilegedPortRefused,
];
