import { describe, expect, it } from "vitest";
import { runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { settings, type FakeBehaviour } from "../harness/testing/fake-ftp-server.js";
import { CATALOGUE } from "./catalogue.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/**
 * A TLS-only server (tls.required; like vsftpd with force_local_logins_ssl and force_local_data_ssl)
 * is tested as fully as a plaintext one: the checks log in under TLS and move data under PROT P
 * (harness/checks/logged-in-session.ts), so every check gets the verdict it gets from the same
 * server that also allows plaintext. The fake refuses USER/PASS before AUTH TLS (530) and a
 * transfer without PROT P (522): a check that logged in or moved data in plaintext would not pass.
 */
const OFFERED = { mode: "explicit", required: false, hints: {} } as const;
const PLAINTEXT_ALLOWED: { behaviour: FakeBehaviour; options: FakeRunOptions } = {
  behaviour: { sets: [settings.tls({ requireReuse: true })] },
  options: { target: { tls: OFFERED } },
};
const TLS_ONLY: { behaviour: FakeBehaviour; options: FakeRunOptions } = {
  behaviour: { sets: [settings.tls({ requireReuse: true, required: true })] },
  options: { target: { tls: { ...OFFERED, required: true } } },
};

/** Where the two differ by design, and why. */
const DIFFERENT_BY_DESIGN: Readonly<Record<string, string>> = {
  "tls.required": "decided only for a target declaring tls.required",
  "tls.alg-blind": "compares a plaintext transfer with one under TLS: not for a TLS-only target",
};

const CHECKS = CATALOGUE.filter((c) => !c.id.startsWith("client.") && !DIFFERENT_BY_DESIGN[c.id]);

describe("a TLS-only server", { timeout: 120000 }, () => {
  const agents = localAgents();

  for (const check of CHECKS) {
    it(`${check.id} should get the verdict it gets where plaintext is allowed`, async () => {
      const plain = await runAgainstFake(agents, check, PLAINTEXT_ALLOWED.behaviour, PLAINTEXT_ALLOWED.options);
      const tlsOnly = await runAgainstFake(agents, check, TLS_ONLY.behaviour, TLS_ONLY.options);
      const verdicts = (results: typeof plain) =>
        results.map((r) => `${r.variant ?? "-"}: ${r.verdict}${r.skipKind ? ` (${r.skipKind})` : ""}`);
      expect(verdicts(tlsOnly), tlsOnly.map((r) => r.observed).join(" | ")).toEqual(verdicts(plain));
    });
  }

  it("should pass tls.required, and have a check fail that logs in in plaintext", async () => {
    const required = CATALOGUE.find((c) => c.id === "tls.required");
    const list = CATALOGUE.find((c) => c.id === "pasv.connectable");
    if (!required || !list) throw new Error("no tls.required or pasv.connectable");
    const [verdict] = await runAgainstFake(agents, required, TLS_ONLY.behaviour, TLS_ONLY.options);
    expect(verdict?.verdict).toBe("pass");
    // The same fake, the target not declaring tls.required: the plaintext login is refused.
    const [plaintext] = await runAgainstFake(agents, list, TLS_ONLY.behaviour, PLAINTEXT_ALLOWED.options);
    expect(plaintext?.verdict).not.toBe("pass");
    expect(plaintext?.observed).toMatch(/530/);
  });
});
