import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import type { FakeBehaviour } from "../harness/testing/fake-ftp-server.js";
import { startLocalAgents, type LocalAgents } from "../harness/testing/local-agent.js";
import { CATALOGUE } from "./catalogue.js";

/** Both also offer explicit FTPS, so the tls.* checks run against them too. */
const EXPLICIT_TLS = { mode: "explicit", required: false, hints: {} } as const;

/**
 * Every check against correct servers that behave unusually: one slow and saying things its own way
 * (each reply 50 ms late, greeting, login and transfer replies as multi-line replies in other
 * words), one that closes a foreign data connection and waits (3 s, as its profile declares) for the
 * client before it says anything, as Pure-FTPd does. None may fail them; a check may only be skipped
 * where it does not apply. (The real clients have their own self-tests with the tools installed.)
 */
const UNUSUAL: ReadonlyArray<readonly [string, FakeBehaviour, FakeRunOptions]> = [
  [
    "slow, multi-line, in its own words",
    { replyDelayMs: 50, multiLine: true, tls: {} },
    { target: { tls: EXPLICIT_TLS } },
  ],
  [
    "closing a foreign connection and waiting for the client",
    { closeForeignAndWait: true, acceptTimeoutMs: 3000, tls: { requireReuse: true } },
    { target: { acceptTimeoutSeconds: 3, tls: EXPLICIT_TLS } },
  ],
];
const PATIENT = { replyMs: 2000, dataConnectMs: 1000, transferMs: 5000, checkMs: 60000 };

describe.each(UNUSUAL)("every check against a correct server %s", { timeout: 120000 }, (_name, behaviour, options) => {
  let agents: LocalAgents;
  beforeAll(() => {
    agents = startLocalAgents();
  });
  afterAll(() => agents.close());

  for (const check of CATALOGUE.filter((c) => !c.id.startsWith("client."))) {
    it(`${check.id} should not fail it`, async () => {
      const results = await runAgainstFake(agents, check, behaviour, { ...options, timeouts: PATIENT });
      for (const result of results) {
        const allowed = result.verdict === "pass" || result.observed.startsWith("not applicable:");
        expect(
          allowed,
          `${check.id}${result.variant ? `[${result.variant}]` : ""}: ${result.verdict}: ${result.observed}`,
        ).toBe(true);
      }
    });
  }
});
