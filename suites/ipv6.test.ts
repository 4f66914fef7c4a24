import { describe, expect, it } from "vitest";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { runAgainstFake, runSuiteAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { replyCodes } from "../harness/testing/reply-codes.js";
import {
  type FakeBehaviour,
  faults,
  hang,
  quirks,
  reply,
  settings,
  withArgument,
} from "../harness/testing/fake-ftp-server.js";
import { IPV6_LOOPBACK, startLocalIpv6Agents, stoppedOnTheWay } from "../harness/testing/local-agent.js";
import { INTRUDER_ADDRESS, startLocalAgentsApart } from "../harness/testing/local-agent.js";
import { dataBounceRefused, dataPrivilegedPortRefused } from "./data-security.js";
import { epsvAll, epsvNetPrt } from "./epsv-protocol.js";
import {
  IPV6_CHECKS,
  ipv6Eprt,
  ipv6Epsv,
  ipv6Epsv2,
  ipv6EpsvOtherProtocol,
  ipv6ForeignRefused,
  ipv6Pasv,
} from "./ipv6.js";
import { pasvReply } from "./pasv.js";
import { CLIENT_CHECKS } from "./real-clients.js";
import { portsExhaustion } from "./ports-exhaustion.js";
import { portsInRange } from "./ports.js";
import { transferRetr } from "./transfer.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** Over ::1, the only IPv6 loopback address: the fake, the client and (sharing it) the intruder. */
const OVER_IPV6: FakeRunOptions = { scenario: "ipv6-direct", host: IPV6_LOOPBACK };
/**
 * The intruder checks need an intruder at another address than the client's, which IPv6 loopback does
 * not have: their logic runs in the IPv6 scenario over IPv4 loopback (client 127.0.0.1, intruder 127.0.0.2).
 */
const IPV6_SCENARIO_OVER_IPV4: FakeRunOptions = { scenario: "ipv6-direct" };

/** Correct but unusual (as suites/unusual-server.test.ts has them): slow, multi-line; closing a foreigner and waiting. */
const UNUSUAL: ReadonlyArray<readonly [string, FakeBehaviour, FakeRunOptions]> = [
  ["slow, multi-line, in its own words", { sets: [quirks.replyDelay(50), quirks.multiLine] }, {}],
  [
    "closing a foreign connection and waiting for the client",
    { sets: [quirks.closeForeignAndWait, settings.acceptTimeout(3000)] },
    { target: { acceptTimeoutSeconds: 3 } },
  ],
];
const PATIENT = { replyMs: 2000, dataConnectMs: 1000, transferMs: 5000, checkMs: 60000 };
/** A fake answering EPSV `argument` with `text`. */
const epsvAnswer = (argument: string, text: string): FakeBehaviour => ({
  handlers: { EPSV: withArgument(argument, reply(text)) },
});

describe("IPv6 checks over ::1", { timeout: 30000 }, () => {
  const agents = localAgents(startLocalIpv6Agents);
  const overIpv6 = (check: CheckDefinition, behaviour: FakeBehaviour = {}) =>
    runAgainstFake(agents, check, behaviour, OVER_IPV6);

  it("should not apply over IPv4", async () => {
    for (const check of IPV6_CHECKS) {
      const [result] = await runAgainstFake(agents, check, {}, { scenario: "direct", host: IPV6_LOOPBACK });
      expectSkip(result, "not-applicable", /only over IPv6/);
    }
  });

  it("ipv6.epsv should pass a correct server over ::1, naming what arrived", async () => {
    const [result] = await overIpv6(ipv6Epsv);
    expect(result).toMatchObject({ verdict: "pass", observed: expect.stringMatching(/^1048576 bytes, sha256 /) });
    expect(result?.transcript.some((e) => e.text.startsWith("connect control ::1:"))).toBe(true);
    expect(result?.transcript.some((e) => /^data connection to ::1:\d+: connected/.test(e.text))).toBe(true);
  });

  it("ipv6.epsv should fail a corrupted download and a dead EPSV port", async () => {
    const [corrupt] = await overIpv6(ipv6Epsv, { sets: [faults.corruptDownloads] });
    expect(corrupt).toMatchObject({ verdict: "fail", observed: expect.stringMatching(/^1048576 bytes, sha256 /) });
    expect(corrupt?.observed).not.toContain(corrupt?.expected.split("sha256 ")[1]?.split(" ")[0] ?? "-");
    const [dead] = await overIpv6(ipv6Epsv, { sets: [faults.advertiseDeadPort] });
    expect(dead).toMatchObject({ verdict: "fail", observed: expect.stringMatching(/^data connection to ::1:\d+: /) });
  });

  it("ipv6.epsv should be skipped, not failed, when the server does not offer EPSV", async () => {
    const [result] = await overIpv6(ipv6Epsv, { handlers: { EPSV: reply("502 no EPSV") } });
    expectSkip(result, "unsupported");
    expect(replyCodes(result, ["EPSV"])).toEqual({ EPSV: 502 });
  });

  it("ipv6.epsv-2 should pass a 229 and fail a 522 or a malformed 229", async () => {
    const [good] = await overIpv6(ipv6Epsv2);
    expect(good?.verdict).toBe("pass");
    expect(replyCodes(good, ["EPSV 2"])).toEqual({ "EPSV 2": 229 });
    const [refused] = await overIpv6(ipv6Epsv2, epsvAnswer("2", "522 Network protocol not supported, use (1)"));
    expect(refused?.verdict).toBe("fail");
    expect(replyCodes(refused, ["EPSV 2"])).toEqual({ "EPSV 2": 522 });
    const [malformed] = await overIpv6(ipv6Epsv2, epsvAnswer("2", "229 Entering Extended Passive Mode (|2|::1|5000|)"));
    expect(malformed?.verdict).toBe("fail");
    expect(replyCodes(malformed, ["EPSV 2"])).toEqual({ "EPSV 2": 229 });
  });

  it("ipv6.epsv-other-protocol should pass a 522 naming (2), the fake's answer", async () => {
    const [result] = await overIpv6(ipv6EpsvOtherProtocol);
    expect(result?.verdict).toBe("pass");
    expect(replyCodes(result, ["EPSV 1"])).toEqual({ "EPSV 1": 522 });
    expect(result?.observed).toContain("as (2)");
  });

  it("ipv6.epsv-other-protocol should pass a 522 naming no protocols, leaving the list to epsv.net-prt-list", async () => {
    const [result] = await overIpv6(ipv6EpsvOtherProtocol, epsvAnswer("1", "522 Bad network protocol."));
    expect(result?.verdict).toBe("pass");
    expect(replyCodes(result, ["EPSV 1"])).toEqual({ "EPSV 1": 522 });
    expect(result?.observed).not.toContain("as (");
  });

  it("ipv6.epsv-other-protocol should pass a 229 (section 3 permits it), sending ABOR and saying where it listens", async () => {
    const [result] = await overIpv6(ipv6EpsvOtherProtocol, epsvAnswer("1", "229 (|||1|)"));
    expect(result?.verdict).toBe("pass");
    expect(replyCodes(result, ["EPSV 1", "ABOR"])).toMatchObject({ "EPSV 1": 229, ABOR: expect.any(Number) });
    expect(result?.transcript.some((e) => e.text.startsWith("probe of ::1:1 over IPv6: connection refused"))).toBe(
      true,
    );
  });

  it("ipv6.epsv-other-protocol should fail 501, and a 522 whose list leaves out 2", async () => {
    const [syntax] = await overIpv6(ipv6EpsvOtherProtocol, epsvAnswer("1", "501 Unknown network protocol"));
    expect(syntax?.verdict).toBe("fail");
    expect(replyCodes(syntax, ["EPSV 1"])).toEqual({ "EPSV 1": 501 });
    const [wrongList] = await overIpv6(
      ipv6EpsvOtherProtocol,
      epsvAnswer("1", "522 Network protocol not supported, use (1)"),
    );
    expect(wrongList?.verdict).toBe("fail");
    expect(replyCodes(wrongList, ["EPSV 1"])).toEqual({ "EPSV 1": 522 });
  });

  it("ipv6.pasv should pass a refusal (the fake's 425, in Pure-FTPd's words)", async () => {
    const [result] = await overIpv6(ipv6Pasv);
    expect(result?.verdict).toBe("pass");
    expect(replyCodes(result, ["PASV"])).toEqual({ PASV: 425 });
  });

  it("ipv6.pasv should be non-strict for a 227 naming 0.0.0.0, which it never dials (vsftpd's answer)", async () => {
    const [result] = await overIpv6(ipv6Pasv, { sets: [faults.pasvAddress("0.0.0.0")] });
    expect(result?.verdict).toBe("non-strict");
    expect(replyCodes(result, ["PASV"])).toEqual({ PASV: 227 });
    expect(result?.observed).toMatch(/0\.0\.0\.0:\d+/);
    expect(result?.observed).toContain("outside the test topology");
    expect(result?.hint).toContain("refuse PASV on an IPv6 control connection");
  });

  it("ipv6.pasv should fail a garbled 227 (ProFTPD's answer) and a PASV nobody answers", async () => {
    const [garbled] = await overIpv6(ipv6Pasv, {
      sets: [faults.pasvReply((port) => `227 Entering Passive Mode (3,${port >> 8},${port & 255}).`)],
    });
    expect(garbled?.verdict).toBe("non-strict");
    expect(replyCodes(garbled, ["PASV"])).toEqual({ PASV: 227 });
    const [silent] = await overIpv6(ipv6Pasv, { handlers: { PASV: hang } });
    expect(silent?.verdict).toBe("non-strict");
    expect(replyCodes(silent, ["PASV"])).toEqual({ PASV: undefined });
  });

  it("ipv6.eprt should deliver to the client's own ::1 and be inconclusive about a third party sharing that address", async () => {
    const [result] = await overIpv6(ipv6Eprt);
    expectSkip(result, "inconclusive", /both at ::1/);
    expect(replyCodes(result, ["EPRT"])).toEqual({ EPRT: 200 });
    expect(result?.observed).toContain("sha256 matches");
    expect(result?.transcript.some((e) => /^EPRT \|2\|::1\|\d+\|$/.test(e.text))).toBe(true);
  });

  it("ipv6.eprt should fail when EPRT to the client is refused or the download arrives corrupted", async () => {
    const [refused] = await overIpv6(ipv6Eprt, { handlers: { EPRT: reply("550 Permission denied.") } });
    expect(refused?.verdict).toBe("non-strict");
    expect(replyCodes(refused, ["EPRT"])).toEqual({ EPRT: 550 });
    expect(refused?.hint).toContain("accept EPRT |2|");
    const [corrupt] = await overIpv6(ipv6Eprt, { sets: [settings.active({ corrupt: true })] });
    expect(corrupt).toMatchObject({ verdict: "non-strict", observed: expect.stringContaining("sha256 differs") });
  });

  it("ipv6.eprt should be skipped when the server does not offer EPRT", async () => {
    const [result] = await overIpv6(ipv6Eprt, { handlers: { EPRT: reply("502 EPRT not implemented") } });
    expectSkip(result, "unsupported");
    expect(replyCodes(result, ["EPRT"])).toEqual({ EPRT: 502 });
  });

  it("ipv6.foreign-refused should be inconclusive where the intruder shares the client's address", async () => {
    const [result] = await overIpv6(ipv6ForeignRefused, { sets: [faults.promiscuous] });
    expectSkip(result, "inconclusive", /both at ::1/);
  });

  it("the PASV checks should not apply over IPv6, naming RFC 2428 and ipv6.pasv", async () => {
    const [result] = await overIpv6(pasvReply);
    expectSkip(result, "not-applicable", /PASV cannot name an IPv6 address \(RFC 2428 .*see ipv6\.pasv$/);
  });

  it("client.curl-strict should not apply over IPv6, where curl ignores --disable-epsv (its manual)", async () => {
    const strict = CLIENT_CHECKS.find((check) => check.id === "client.curl-strict");
    if (!strict) throw new Error("no client.curl-strict");
    const [result] = await overIpv6(strict);
    expectSkip(result, "not-applicable", /curl\(1\) --disable-epsv: 'If the server is an IPv6 host/);
    const [overIpv4] = await runAgainstFake(agents, strict, {}, { scenario: "direct" });
    expect(overIpv4?.skipKind).not.toBe("not-applicable");
  });

  it("transfer.retr should skip its pasv variant over IPv6 and run its epsv variant", async () => {
    const [pasv, epsv] = await overIpv6(transferRetr);
    expect(pasv).toMatchObject({ variant: "pasv", verdict: "not-applicable" });
    expectSkip(pasv, "not-applicable", /PASV cannot name an IPv6 address/);
    expect(epsv).toMatchObject({ variant: "epsv", verdict: "pass" });
  });

  it("epsv.net-prt should ask for the connection's own protocol over IPv6 (EPSV 2)", async () => {
    const [result] = await overIpv6(epsvNetPrt);
    expect(result).toMatchObject({ verdict: "pass", expected: "EPSV 2 -> 229, EPSV 4 -> 522" });
  });

  it("epsv.all should send no PORT over IPv6, and still fail a server that keeps accepting EPRT", async () => {
    const [good] = await overIpv6(epsvAll);
    expect(good).toMatchObject({ verdict: "pass", expected: "PASV, EPRT refused with 5xx; EPSV 229" });
    expect(good?.transcript.some((e) => e.dir === "C" && e.text.startsWith("PORT"))).toBe(false);
    const [lax] = await overIpv6(epsvAll, { sets: [faults.ignoreEpsvAll] });
    expect(lax?.verdict).toBe("fail");
  });

  it("ports.in-range and ports.exhaustion should take their ports from EPSV over IPv6", async () => {
    const [inRange] = await overIpv6(portsInRange);
    expect(inRange?.verdict).toBe("pass");
    expect(inRange?.transcript.some((e) => e.dir === "C" && e.text === "PASV")).toBe(false);
    const [exhausted] = await runAgainstFake(
      agents,
      portsExhaustion,
      { sets: [settings.portRange(26100, 26102)] },
      { ...OVER_IPV6, target: { passiveRange: { min: 26100, max: 26102 } } },
    );
    expect(exhausted?.verdict).toBe("pass");
    // The fourth EPSV, once the three ports are held.
    expect(exhausted?.observed).toMatch(/^3 listeners held .* EPSV 4 got '425 /);
  });

  it("data.privileged-port-refused should send EPRT |2| over IPv6, never PORT", async () => {
    const [good] = await overIpv6(dataPrivilegedPortRefused);
    expect(good?.verdict).toBe("pass");
    expect(good?.transcript.some((e) => e.dir === "C" && e.text === "EPRT |2|::1|80|")).toBe(true);
    const [lax] = await overIpv6(dataPrivilegedPortRefused, { sets: [faults.portAny] });
    expect(lax).toMatchObject({ verdict: "info", expected: "EPRT to port 80 refused" });
  });

  it("the service probe should fetch its listing over EPSV alone over IPv6 (a PASV that hangs is no root cause)", async () => {
    const run = await runSuiteAgainstFake(agents, [ipv6Epsv], { handlers: { PASV: hang } }, OVER_IPV6);
    expect(run.rootCauses).toEqual([]);
    expect(run.results[0]?.verdict).toBe("pass");
  });

  for (const [name, behaviour, options] of UNUSUAL) {
    it(`the IPv6 checks should pass or not apply against a correct server ${name}`, async () => {
      for (const check of IPV6_CHECKS) {
        for (const result of await runAgainstFake(agents, check, behaviour, {
          ...OVER_IPV6,
          ...options,
          timeouts: PATIENT,
        })) {
          const allowed =
            result.verdict === "pass" ||
            result.skipKind === "not-applicable" ||
            (result.skipKind === "inconclusive" &&
              result.observed.includes("the intruder and the client are both at ::1"));
          expect(allowed, `${check.id}: ${result.verdict}: ${result.observed}`).toBe(true);
        }
      }
    });
  }
});

describe("IPv6 intruder checks in the IPv6 scenario, over IPv4 loopback", { timeout: 30000 }, () => {
  const agents = localAgents();
  const inIpv6Scenario = (check: CheckDefinition, behaviour: FakeBehaviour = {}) =>
    runAgainstFake(agents, check, behaviour, IPV6_SCENARIO_OVER_IPV4);

  it("ipv6.foreign-refused should pass a server that refuses the intruder, and fail one that serves it", async () => {
    const [good] = await inIpv6Scenario(ipv6ForeignRefused);
    expect(good?.verdict).toBe("pass");
    const [lax] = await inIpv6Scenario(ipv6ForeignRefused, { sets: [faults.promiscuous] });
    expect(lax?.verdict).toBe("fail");
    expect(lax?.observed).toContain("one-mib.bin");
  });

  it("ipv6.foreign-refused should not pass a server that serves any host when the network stopped the intruder", async () => {
    const stopped = { ...agents, intruder: stoppedOnTheWay(agents.intruder) };
    const [direct] = await runAgainstFake(
      stopped,
      ipv6ForeignRefused,
      { sets: [faults.promiscuous] },
      IPV6_SCENARIO_OVER_IPV4,
    );
    expectSkip(direct, "inconclusive", /127\.0\.0\.1:\d+ \(EPSV\): connection refused/);
    const [alg] = await runAgainstFake(
      stopped,
      ipv6ForeignRefused,
      { sets: [faults.promiscuous] },
      { scenario: "ipv6-alg" },
    );
    expectSkip(alg, "not-applicable", /the gateway forwards no data port and admits a data connection only/);
  });

  it("ipv6.foreign-refused should not pass a server that serves any host when RETR is refused (550)", async () => {
    const [result] = await inIpv6Scenario(ipv6ForeignRefused, {
      sets: [faults.promiscuous],
      handlers: { RETR: withArgument("one-mib.bin", reply("550 no such file")) },
    });
    expectSkip(result, "inconclusive");
    expect(replyCodes(result, ["RETR one-mib.bin"])).toEqual({ "RETR one-mib.bin": 550 });
  });

  it("ipv6.foreign-refused should be skipped when the server does not offer EPSV", async () => {
    const [result] = await inIpv6Scenario(ipv6ForeignRefused, { handlers: { EPSV: reply("502 no EPSV") } });
    expectSkip(result, "unsupported");
    expect(replyCodes(result, ["EPSV"])).toEqual({ EPSV: 502 });
  });

  it("ipv6.foreign-refused should pass a server that closes the intruder and waits for the client", async () => {
    const [result] = await runAgainstFake(
      agents,
      ipv6ForeignRefused,
      { sets: [quirks.closeForeignAndWait, settings.acceptTimeout(3000)] },
      { ...IPV6_SCENARIO_OVER_IPV4, target: { acceptTimeoutSeconds: 3 }, timeouts: PATIENT },
    );
    expect(result?.verdict).toBe("pass");
  });

  it("data.bounce-refused should send EPRT alone in an IPv6 scenario, and fail a server that bounces", async () => {
    const [good] = await inIpv6Scenario(dataBounceRefused);
    expect(good).toMatchObject({ verdict: "pass", expected: "EPRT refused, nothing reaches the intruder" });
    expect(good?.transcript.some((e) => e.dir === "C" && e.text.startsWith("PORT"))).toBe(false);
    const [lax] = await inIpv6Scenario(dataBounceRefused, { sets: [faults.portAny] });
    expect(lax?.verdict).toBe("non-strict");
    expect(lax?.observed).toMatch(/connections reaching the intruder: 127\.0\.0\.1/);
  });
});

/**
 * ipv6.eprt's pass needs a third party at another address than the client's ::1, which IPv6 loopback
 * does not have: the client at ::1 (the fake's control connection and the EPRT |2| delivery over ::1),
 * the intruder at 127.0.0.2, so the third-party EPRT names it as |1|127.0.0.2|.
 */
describe("ipv6.eprt over ::1, the intruder at IPv4 loopback", { timeout: 30000 }, () => {
  const agents = localAgents(startLocalAgentsApart);
  const APART: FakeRunOptions = { ...OVER_IPV6, network: { intruderAddress: INTRUDER_ADDRESS } };
  const apart = (check: CheckDefinition, behaviour: FakeBehaviour = {}) =>
    runAgainstFake(agents, check, behaviour, APART);
  const isEprt = (text: string) => /^EPRT \|2\|::1\|\d+\|$/.test(text);

  it("should pass a server that delivers to the client over ::1 and refuses EPRT to the third party", async () => {
    const [result] = await apart(ipv6Eprt);
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/connections reaching the intruder: none$/);
    const sent = result?.transcript.filter((e) => e.dir === "C" && e.text.startsWith("EPRT")).map((e) => e.text);
    expect(sent?.some(isEprt)).toBe(true);
    expect(sent).toContainEqual(expect.stringMatching(/^EPRT \|1\|127\.0\.0\.2\|\d+\|$/));
  });

  it("should pass a slow, multi-line, lower-case server", async () => {
    const [result] = await apart(ipv6Eprt, { sets: [quirks.replyDelay(50), quirks.multiLine] });
    expect(result?.verdict).toBe("pass");
  });

  it("should fail a server that accepts EPRT to the third party", async () => {
    const [result] = await apart(ipv6Eprt, { sets: [faults.portAny] });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.hint).toContain("refuse PORT/EPRT to other hosts");
  });
});
