import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, notApplicable, pass } from "../harness/checks/outcome.js";
import { parseEpsvReply } from "../harness/ftp/parse-epsv.js";
import { replyText } from "../harness/ftp/reply-text.js";
import { afterEpsv, listThrough } from "./passive-steps.js";

export const epsvReply: CheckDefinition = {
  id: "epsv.reply",
  title: "EPSV gets 229",
  source: "RFC 2428 section 3",
  requirement: "EPSV is answered with 229 Entering Extended Passive Mode (skipped when the server answers 500/502).",
  level: "SHOULD",
  concurrency: "shared",
  run: (context) =>
    afterEpsv(context, "EPSV", (reply) =>
      reply.code === 229
        ? pass("229", replyText(reply))
        : fail("229 Entering Extended Passive Mode (|||port|)", replyText(reply)),
    ),
};

export const epsvFormat: CheckDefinition = {
  id: "epsv.format",
  title: "229 carries (|||port|)",
  source: "RFC 2428 section 3",
  requirement:
    "The 229 text holds (<d><d><d><port><d>): one delimiter (ASCII 33..126) four times, " +
    "the first two fields empty, the port decimal in 1..65535.",
  level: "MUST",
  concurrency: "shared",
  run: (context) =>
    afterEpsv(context, "EPSV", (reply) => {
      if (reply.code !== 229) return notApplicable(`no 229 to read (EPSV got '${replyText(reply)}'; see epsv.reply)`);
      const parsed = parseEpsvReply(reply.lines.join("\n"));
      return parsed.ok
        ? pass("(<d><d><d><port><d>)", `delimiter '${parsed.delimiter}', port ${parsed.port}`)
        : fail(
            "(<d><d><d><port><d>) with one delimiter and a port 1..65535",
            `${parsed.problem}: '${replyText(reply)}'`,
          );
    }),
};

export const epsvConnectable: CheckDefinition = {
  id: "epsv.connectable",
  title: "The 229 port on the control host accepts the client and a LIST completes",
  source: "RFC 2428 section 3",
  requirement: "Connecting to the control connection's address at the 229 port works, and a LIST completes.",
  level: "MUST",
  concurrency: "shared",
  dialsDataPort: true,
  async run(context) {
    const { endpoint, bytes } = await listThrough(context, "EPSV");
    return pass(
      `a data connection to the control host at the 229 port and a complete LIST`,
      `${endpoint.host}:${endpoint.port} accepted; LIST sent ${bytes} bytes`,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 30;

export const EPSV_CHECKS: readonly CheckDefinition[] = [epsvReply, epsvFormat, epsvConnectable];
