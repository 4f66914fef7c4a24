import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, notApplicable, pass } from "../harness/checks/outcome.js";
import { parsePasvReply } from "../harness/ftp/parse-pasv.js";
import { replyText } from "../harness/ftp/reply-text.js";
import { pasvNotOverIpv6 } from "./ipv6-steps.js";
import { afterPasv, listThrough } from "./passive-steps.js";

export const pasvReply: CheckDefinition = {
  id: "pasv.reply",
  title: "PASV gets 227",
  source: "RFC 959 section 4.1.2 (PASV); RFC 1123 section 4.1.2.6",
  requirement: "After login, PASV is answered with 227 Entering Passive Mode.",
  level: "MUST",
  concurrency: "shared",
  notApplicable: pasvNotOverIpv6,
  run: (context) =>
    afterPasv(context, (reply) =>
      reply.code === 227
        ? pass("227", replyText(reply))
        : fail("227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)", replyText(reply), "enable passive mode in the server"),
    ),
};

export const pasvFormat: CheckDefinition = {
  id: "pasv.format",
  title: "227 carries h1,h2,h3,h4,p1,p2",
  source: "RFC 959 section 4.1.2 (PASV); RFC 1123 section 4.1.2.6",
  requirement:
    "The 227 text holds six comma-separated decimal numbers, each 0..255, with port p1*256+p2 in 1..65535 " +
    "(clients scan for the first digit, so wording and parentheses are free).",
  level: "MUST",
  concurrency: "shared",
  notApplicable: pasvNotOverIpv6,
  run: (context) =>
    afterPasv(context, (reply) => {
      if (reply.code !== 227) return notApplicable(`no 227 to read (PASV got '${replyText(reply)}'; see pasv.reply)`);
      const parsed = parsePasvReply(reply.lines.join("\n"));
      return parsed.ok
        ? pass("h1,h2,h3,h4,p1,p2 with numbers 0..255", `${parsed.host} port ${parsed.port}`)
        : fail("h1,h2,h3,h4,p1,p2 with numbers 0..255 and a port 1..65535", `${parsed.problem}: '${replyText(reply)}'`);
    }),
};

export const pasvConnectable: CheckDefinition = {
  id: "pasv.connectable",
  title: "The 227 endpoint accepts the client and a LIST completes",
  source: "RFC 959 sections 3.2 (establishing data connections) and 4.1.2 (PASV)",
  requirement:
    "A TCP connection from the client host to the advertised address and port is accepted and a LIST completes.",
  level: "MUST",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: pasvNotOverIpv6,
  async run(context) {
    const { endpoint, bytes } = await listThrough(context, "PASV");
    return pass(
      `a data connection to the 227 endpoint and a complete LIST`,
      `${endpoint.host}:${endpoint.port} accepted; LIST sent ${bytes} bytes`,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 10;

export const PASV_CHECKS: readonly CheckDefinition[] = [pasvReply, pasvFormat, pasvConnectable];
