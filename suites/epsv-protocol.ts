import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, notApplicable, pass } from "../harness/checks/outcome.js";
import { eprtArgument, portArgument } from "../harness/ftp/active-arguments.js";
import { enterPassive } from "../harness/ftp/passive-mode.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { ownProtocol } from "./ipv6-steps.js";
import { afterEpsv } from "./passive-steps.js";

export const epsvNetPrt: CheckDefinition = {
  id: "epsv.net-prt",
  title: "EPSV with a network protocol number",
  source: "RFC 2428 section 3",
  requirement:
    "`EPSV 1` on an IPv4 control connection (`EPSV 2` on an IPv6 one) gets 229; an unknown protocol number " +
    "(`EPSV 4`) gets 522.",
  level: "MUST",
  concurrency: "shared",
  run: (context) =>
    afterEpsv(context, "EPSV", async (_, session) => {
      const own = ownProtocol(context.scenario);
      const ownReply = await session.send(`EPSV ${own}`);
      const four = await session.send("EPSV 4");
      const observed = `EPSV ${own}: '${replyText(ownReply)}'; EPSV 4: '${replyText(four)}'`;
      const expected = `EPSV ${own} -> 229, EPSV 4 -> 522`;
      if (ownReply.code === 229 && four.code === 522) return pass(expected, observed);
      return fail(expected, observed);
    }),
};

export const epsvNetPrtList: CheckDefinition = {
  id: "epsv.net-prt-list",
  title: "522 lists the supported protocols",
  source: "RFC 2428 section 2",
  requirement:
    "The 522 text ends with the supported network protocol numbers in parentheses, e.g. (1) or (1,2), " +
    "and has no other parentheses (a MUST of the RFC; graded SHOULD because clients act on the code).",
  level: "SHOULD",
  concurrency: "shared",
  run: (context) =>
    afterEpsv(context, "EPSV 4", (reply) => {
      if (reply.code !== 522)
        return notApplicable(`no 522 to read (EPSV 4 got '${replyText(reply)}'; see epsv.net-prt)`);
      const text = reply.lines.join(" ");
      const listed = /\((\d+(?:,\d+)*)\)[\s.]*$/.exec(text);
      const parentheses = (text.match(/\(/g) ?? []).length;
      if (listed && parentheses === 1) return pass("522 ... (1) or (1,2) at the end", replyText(reply));
      return fail(
        "522 text ending with the supported protocols in parentheses, e.g. '522 Network protocol not supported, use (1)'",
        `${replyText(reply)}${listed ? " (more than one parenthesis)" : " (no protocol list)"}`,
      );
    }),
};

export const epsvAll: CheckDefinition = {
  id: "epsv.all",
  title: "After EPSV ALL only EPSV sets up data connections",
  source: "RFC 2428 section 3",
  requirement:
    "Once `EPSV ALL` is accepted (2xx), PASV, PORT and EPRT are each refused (5xx; over IPv6 PASV and EPRT, as " +
    "PORT cannot name an IPv6 address) and EPSV still works: " +
    'the server "MUST reject all data connection setup commands other than EPSV".',
  level: "MUST",
  concurrency: "shared",
  run: (context) =>
    afterEpsv(context, "EPSV ALL", async (all, session) => {
      if (codeClass(all) !== 2)
        return notApplicable(`EPSV ALL not accepted ('${replyText(all)}'): the requirement applies only once it is`);
      const client = context.network.clientAddress;
      // PORT cannot name an IPv6 address: over IPv6 PASV and EPRT stand for the other commands.
      const answers = [
        ["PASV", await session.send("PASV")],
        ...(ownProtocol(context.scenario) === 1
          ? ([["PORT", await session.send(`PORT ${portArgument(client, 40000)}`)]] as const)
          : []),
        ["EPRT", await session.send(`EPRT ${eprtArgument(client, 40001)}`)],
      ] as const;
      const sent = answers.map(([verb]) => verb).join(", ");
      const accepted = answers.filter(([, reply]) => codeClass(reply) !== 5);
      const epsv = await enterPassive(session, "EPSV", context.network.control.host).then(
        (endpoint) => `229 port ${endpoint.port}`,
        (error: Error) => `failed: ${error.message}`,
      );
      const observed = `${answers.map(([verb, reply]) => `${verb}: '${replyText(reply)}'`).join("; ")}; EPSV: ${epsv}`;
      if (accepted.length === 0 && epsv.startsWith("229")) return pass(`${sent} refused with 5xx; EPSV 229`, observed);
      return fail(
        `${sent} refused with 5xx after EPSV ALL; EPSV still 229`,
        accepted.length > 0
          ? `${accepted.map(([verb]) => verb).join(", ")} not refused after EPSV ALL: ${observed}`
          : observed,
        "a server deviation: report it upstream; clients that send EPSV ALL (for NAT-friendliness) rely on it",
      );
    }),
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 40;

export const EPSV_PROTOCOL_CHECKS: readonly CheckDefinition[] = [epsvNetPrt, epsvNetPrtList, epsvAll];
