import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";

export const serverAlive: CheckDefinition = {
  id: "server.alive",
  title: "The server is still running after the suite",
  source: "RFC 959 section 5.4 (every command gets a reply: a server that has exited answers none)",
  requirement: "The server container is still running after every other check; an exit is reported with its code.",
  level: "MUST",
  concurrency: "last",
  async run(context) {
    const health = await context.serverHealth();
    if (health.running) return pass("running", "running");
    return fail(
      "running",
      `exited with code ${health.exitCode}${health.exitCode === 139 ? " (segmentation fault)" : ""}; last log lines:\n${health.logTail}`,
      health.exitCode === 139
        ? "run the server under an init (tini, docker --init): vsftpd as PID 1 crashes reaping children"
        : undefined,
    );
  },
};

/** Last: server.alive sees what the other checks did to the server. */
export const SUITE_ORDER = 1000;

export const SERVER_CHECKS: readonly CheckDefinition[] = [serverAlive];
