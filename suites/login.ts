import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { replyText } from "../harness/ftp/reply-text.js";

export const pasvLoginRequired: CheckDefinition = {
  id: "pasv.login-required",
  title: "PASV before login gets 530",
  source: "RFC 959 sections 4.2 and 5.4",
  requirement: "PASV sent before login is refused with 530 Not logged in: no listener for strangers.",
  level: "SHOULD",
  concurrency: "shared",
  async run(context) {
    const session = await context.openControl();
    const reply = await session.send("PASV");
    return reply.code === 530
      ? pass("530", replyText(reply))
      : fail("530 Not logged in", replyText(reply), "require login before any data-connection command");
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 20;

export const LOGIN_CHECKS: readonly CheckDefinition[] = [pasvLoginRequired];
