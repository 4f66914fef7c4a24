import { describe, expect, it } from "vitest";
import { PRIVATE_SIDE, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { type FakeBehaviour, quirks, settings } from "../harness/testing/fake-ftp-server.js";
import {
  INTRUDER_ADDRESS,
  IPV6_LOOPBACK,
  startLocalAgentsApart,
  startLocalAgents,
} from "../harness/testing/local-agent.js";
import { CATALOGUE } from "./catalogue.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** Both also offer explicit FTPS, so the tls.* checks run against them too. */
const EXPLICIT_TLS = { mode: "explicit", required: false, hints: {} } as const;
/** Slow (each reply 50 ms late) and in its own words: every reply in lower case, many multi-line (227, 229, 234, 522 too). */
const SLOW_WORDY = [quirks.replyDelay(50), quirks.multiLine];

interface Unusual {
  name: string;
  behaviour: FakeBehaviour;
  options: FakeRunOptions;
  /** The checks it runs: all but the real clients' unless listed (a scenario's own checks). */
  checks?: readonly string[];
  /** The client at ::1 and the intruder at 127.0.0.2 (IPv6 loopback has no second address). */
  ipv6?: boolean;
}

/**
 * Every check against correct servers that behave unusually: one slow and saying things its own
 * way, one that closes a foreign data connection and waits (3 s, as its profile declares) for the
 * client before it says anything, as Pure-FTPd does; then the same slow, wordy server where the
 * checks that apply only in some scenario or to some declaration are decided (over ::1, behind NAT,
 * behind the FTP helper, a narrow range, a declared connect timeout, TLS required). None may fail
 * them; a check may only be skipped where it does not apply. (The real clients have their own
 * self-tests with the tools installed.)
 */
const UNUSUAL: readonly Unusual[] = [
  {
    name: "slow, multi-line, in its own words, offering TLS 1.2 only",
    behaviour: { sets: [settings.tls({ versions: { min: "TLSv1.2", max: "TLSv1.2" } }), ...SLOW_WORDY] },
    options: { target: { tls: EXPLICIT_TLS } },
  },
  {
    name: "closing a foreign connection and waiting for the client (its close_notify too)",
    behaviour: {
      sets: [
        settings.tls({ requireReuse: true, dataClose: "notify-then-wait" }),
        quirks.closeForeignAndWait,
        settings.acceptTimeout(3000),
      ],
    },
    options: { target: { acceptTimeoutSeconds: 3, tls: EXPLICIT_TLS } },
  },
  {
    name: "slow and wordy over ::1 (the intruder at 127.0.0.2)",
    behaviour: { sets: SLOW_WORDY },
    options: { scenario: "ipv6-direct", host: IPV6_LOOPBACK, network: { intruderAddress: INTRUDER_ADDRESS } },
    checks: ["ipv6.epsv", "ipv6.epsv-2", "ipv6.epsv-other-protocol", "ipv6.pasv", "ipv6.eprt"],
    ipv6: true,
  },
  {
    // The intruder's dial needs an address of the client's family: the IPv6 scenario over IPv4 loopback.
    name: "closing a foreign connection and waiting, in the IPv6 scenario over IPv4 loopback",
    behaviour: { sets: [quirks.closeForeignAndWait, settings.acceptTimeout(3000), quirks.multiLine] },
    options: { scenario: "ipv6-direct", target: { acceptTimeoutSeconds: 3 } },
    checks: ["ipv6.foreign-refused"],
  },
  {
    name: "slow and wordy behind NAT, told its public address",
    behaviour: { sets: [settings.tls(), ...SLOW_WORDY] },
    options: { scenario: "nat", target: { tls: EXPLICIT_TLS } },
    checks: ["address.epsv-through-nat", "tls.address-through-nat", "ports.firewall-window"],
  },
  {
    name: "slow and wordy behind the FTP helper",
    behaviour: { sets: [settings.tls(), ...SLOW_WORDY] },
    options: { scenario: "nat-alg", network: PRIVATE_SIDE, target: { tls: EXPLICIT_TLS } },
    checks: ["address.alg-rewrite", "tls.alg-blind"],
  },
  {
    // Below Linux's ephemeral ports (32768-60999), so no connection on this host holds one by chance.
    name: "slow and wordy with a passive range of three ports",
    behaviour: { sets: [settings.portRange(29110, 29112), ...SLOW_WORDY] },
    options: { target: { passiveRange: { min: 29110, max: 29112 } } },
    checks: ["ports.exhaustion", "ports.in-range"],
  },
  {
    name: "slow and wordy, giving up on a silent active-mode port within its declared connect timeout",
    behaviour: { sets: [settings.active({ connectTimeoutMs: 300 }), ...SLOW_WORDY] },
    options: { target: { connectTimeoutSeconds: 1 } },
    checks: ["active.connect-timeout"],
  },
  {
    name: "slow and wordy behind the client's NAT, reaching the client after all",
    behaviour: { sets: SLOW_WORDY },
    options: { scenario: "client-nat" },
    checks: ["active.through-client-nat"],
  },
  {
    name: "slow and wordy, TLS required",
    behaviour: { sets: [settings.tls({ required: true }), ...SLOW_WORDY] },
    options: { target: { tls: { ...EXPLICIT_TLS, required: true } } },
    checks: ["tls.required"],
  },
];
const PATIENT = { replyMs: 2000, dataConnectMs: 1000, transferMs: 5000, checkMs: 60000 };

/** Checks no correct server on loopback can pass, and why (none so far). */
const CANNOT_PASS_ON_LOOPBACK: Readonly<Record<string, string>> = {};

/** The checks each passed in some variant: every check must pass in at least one. */
const passedSomewhere = new Set<string>();

const NOT_CLIENT = CATALOGUE.filter((c) => !c.id.startsWith("client."));

/**
 * The servers side by side, each with its own agents (a check's time here is mostly the fake's
 * waits, not CPU); one server's checks one at a time, as a pair runs its passive checks (the
 * three-port range holds all its ports in ports.exhaustion).
 */
const SIDE_BY_SIDE = { timeout: 120000, concurrent: true };

describe.each(UNUSUAL)("every check against a correct server $name", SIDE_BY_SIDE, (unusual) => {
  const agents = localAgents(unusual.ipv6 ? startLocalAgentsApart : startLocalAgents);

  const checks = unusual.checks ? NOT_CLIENT.filter((c) => unusual.checks?.includes(c.id)) : NOT_CLIENT;
  it.sequential("should name only checks that exist", () => {
    expect(checks.map((c) => c.id).sort()).toEqual([...(unusual.checks ?? NOT_CLIENT.map((c) => c.id))].sort());
  });
  for (const check of checks) {
    it.sequential(`${check.id} should not fail it`, async () => {
      const results = await runAgainstFake(agents, check, unusual.behaviour, { ...unusual.options, timeouts: PATIENT });
      for (const result of results) {
        const allowed = result.verdict === "pass" || result.skipKind === "not-applicable";
        expect(
          allowed,
          `${check.id}${result.variant ? `[${result.variant}]` : ""}: ${result.verdict}: ${result.observed}`,
        ).toBe(true);
      }
      if (results.some((r) => r.verdict === "pass")) passedSomewhere.add(check.id);
    });
  }
});

describe("the slow, wordy fake", { timeout: 30000 }, () => {
  const agents = localAgents();

  // What makes it unusual must stay: each reply a check reads numbers from comes multi-line, its last line in lower case.
  it.each([
    ["pasv.reply", "227"],
    ["epsv.reply", "229"],
    ["epsv.net-prt-list", "522"],
    ["tls.auth", "234"],
  ])("should send the reply %s reads (%s) multi-line and in lower case, and pass it", async (id, code) => {
    const check = NOT_CLIENT.find((c) => c.id === id);
    if (!check) throw new Error(`no check ${id}`);
    const [result] = await runAgainstFake(agents, check, UNUSUAL[0]?.behaviour ?? { sets: SLOW_WORDY }, {
      ...UNUSUAL[0]?.options,
      timeouts: PATIENT,
    });
    expect(result?.verdict).toBe("pass");
    const heard = result?.transcript.filter((e) => e.dir === "S").map((e) => e.text) ?? [];
    const first = heard.findIndex((line) => line.startsWith(`${code}-`));
    expect(first).toBeGreaterThanOrEqual(0);
    const last = heard.slice(first + 1).find((line) => line.startsWith(`${code} `));
    expect(last).toBeDefined();
    expect(last).toBe(last?.toLowerCase());
  });
});

describe("the unusual servers together", () => {
  it("should have every check pass in at least one of them (not only 'not applicable')", () => {
    const never = NOT_CLIENT.map((c) => c.id).filter((id) => !passedSomewhere.has(id) && !CANNOT_PASS_ON_LOOPBACK[id]);
    expect(never).toEqual([]);
  });
});
