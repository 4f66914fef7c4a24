import { describe, expect, it } from "vitest";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import type { CheckResult } from "../harness/checks/check-result.js";
import { causeOfFailedActive, type ActiveAttempt } from "../harness/checks/failure-cause.js";
import { runCheck } from "../harness/checks/run-checks.js";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { FAKE_TARGET, FAST_TIMEOUTS, runAgainstFake } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { replyCodes } from "../harness/testing/reply-codes.js";
import {
  closeControl,
  type FakeBehaviour,
  quirks,
  reply,
  settings,
  startFakeFtpServer,
} from "../harness/testing/fake-ftp-server.js";
import { INTRUDER_ADDRESS, type LocalAgents } from "../harness/testing/local-agent.js";
import type { NetworkFacts } from "../harness/topology/network-facts.js";
import type { ScenarioSpec } from "../harness/topology/scenario.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { activeConnectTimeout, activeEprt, activePort, activeSourcePort, activeThroughClientNat } from "./active.js";
import { clientUnreachableForActive } from "./active-steps.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/**
 * The client-side NAT scenarios as the self-tests stand them in: the client (127.0.0.1, the address
 * it names) seen by the server as 127.0.0.5, its gateway's public address.
 */
const scenarioNamed = (name: string): ScenarioSpec => {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};
const CLIENT_NAT = scenarioNamed("client-nat");
const CLIENT_NAT_ALG = scenarioNamed("client-nat-alg");

/** Runs one check against a fake in a scenario the topology does not have yet. */
async function runInScenario(
  agents: LocalAgents,
  check: CheckDefinition,
  behaviour: FakeBehaviour,
  scenario: ScenarioSpec,
  network: Partial<NetworkFacts> = {},
): Promise<CheckResult> {
  const server = await startFakeFtpServer(behaviour);
  try {
    const environment = {
      target: { ...FAKE_TARGET, controlPort: server.port },
      scenario,
      network: {
        control: { host: "127.0.0.1", port: server.port },
        publicAddress: "127.0.0.1",
        serverAddress: "127.0.0.1",
        privateSubnets: [],
        clientAddress: "127.0.0.5",
        clientPrivateAddress: "127.0.0.1",
        intruderAddress: INTRUDER_ADDRESS,
        forwardedPorts: null,
        ...network,
      },
      client: agents.client,
      intruder: agents.intruder,
      fixtures: fixtureFiles(),
      timeouts: FAST_TIMEOUTS,
      serverHealth: async () => ({ running: true, exitCode: null, logTail: "" }),
    };
    return await runCheck(environment, check, undefined, false);
  } finally {
    await server.close();
  }
}

describe("active-mode checks", () => {
  const agents = localAgents();

  describe("active.port and active.eprt", () => {
    for (const check of [activePort, activeEprt]) {
      const command = check === activePort ? "PORT" : "EPRT";

      it(`${check.id} should pass a server that connects back and sends the file intact`, async () => {
        const [result] = await runAgainstFake(agents, check, {});
        expect(result?.verdict, result?.observed).toBe("pass");
        expect(replyCodes(result, [command, "RETR"])).toEqual({ [command]: 200, RETR: 150 });
        expect(result?.observed).toContain("196615 bytes (eof), sha256 matches");
      });

      it(`${check.id} should fail when the server dials another address than the one given`, async () => {
        const [result] = await runAgainstFake(agents, check, { sets: [settings.active({ dialAddress: "127.0.0.3" })] });
        expect(result?.verdict).toBe(check.level === "MUST" ? "fail" : "non-strict");
        expect(replyCodes(result, [command, "RETR"])).toEqual({ [command]: 200, RETR: 425 });
      });

      it(`${check.id} should fail when the transfer arrives corrupted`, async () => {
        const [result] = await runAgainstFake(agents, check, { sets: [settings.active({ corrupt: true })] });
        expect(result?.verdict).toBe(check.level === "MUST" ? "fail" : "non-strict");
        expect(result?.observed).toContain("196615 bytes (eof), sha256 differs");
        expect(result?.hint).toContain("binary mode");
      });

      it(`${check.id} should fail, bounded, when the server neither connects nor answers`, async () => {
        const [result] = await runAgainstFake(agents, check, {
          sets: [settings.active({ silentHosts: ["127.0.0.1"], hangWhenUnreachable: true })],
        });
        expect(result?.verdict).toBe(check.level === "MUST" ? "fail" : "non-strict");
        expect(replyCodes(result, [command, "RETR"])).toEqual({ [command]: 200, RETR: undefined });
      });

      it(`${check.id} should fail when the server refuses the client's own address`, async () => {
        // 501, not 500: a 500 to EPRT says the server does not offer it (skipped, as for EPSV).
        const [result] = await runAgainstFake(agents, check, {
          handlers: { [command]: reply(`501 Illegal ${command} command.`) },
        });
        expect(result?.verdict).toBe(check.level === "MUST" ? "fail" : "non-strict");
        expect(replyCodes(result, [command, "RETR"])).toEqual({ [command]: 501, RETR: undefined });
        expect(result?.hint).toContain("fake_port_any=off");
      });
    }

    it("active.eprt should be skipped as unsupported when the server answers EPRT with 502", async () => {
      const [result] = await runAgainstFake(agents, activeEprt, {
        handlers: { EPRT: reply("502 EPRT not implemented") },
      });
      expectSkip(result, "unsupported");
      expect(replyCodes(result, ["EPRT"])).toEqual({ EPRT: 502 });
    });

    it("should be decided behind the client's gateway with the FTP helper, not behind one without", async () => {
      expect(activePort.notApplicable?.(CLIENT_NAT_ALG, FAKE_TARGET)).toBeNull();
      expect(activePort.notApplicable?.(CLIENT_NAT, FAKE_TARGET)).toMatch(/behind NAT without the FTP helper/);
      const reachable = SCENARIOS.filter((s) => (!s.clientNat || s.clientFtpHelper) && s.sourceRewrite === "none");
      for (const scenario of reachable) {
        expect(activeEprt.notApplicable?.(scenario, FAKE_TARGET)).toBeNull();
        const port = activePort.notApplicable?.(scenario, FAKE_TARGET);
        if (scenario.family === "ipv6") expect(port).toMatch(/^PORT names IPv4 addresses only/);
        else expect(port).toBeNull();
      }
    });

    it("should not be decided where a balancer or proxy rewrites the control connection's source", () => {
      const behind = SCENARIOS.filter((s) => s.sourceRewrite !== "none");
      expect(behind.length).toBeGreaterThan(0);
      for (const scenario of behind) {
        expect(activePort.notApplicable?.(scenario, FAKE_TARGET)).toMatch(/rewrites the control connection's source/);
      }
    });
  });

  describe("active.source-port", () => {
    it("should pass a server that connects from its control port - 1", async () => {
      const [result] = await runAgainstFake(agents, activeSourcePort, {});
      expect(result?.verdict, result?.observed).toBe("pass");
      const port = Number(/from port (\d+) \(L-1/.exec(result?.expected ?? "")?.[1]);
      expect(result?.observed).toContain(`127.0.0.1:${port}`);
    });

    it("should fail, saying which port, when the server connects from an ephemeral port", async () => {
      const [result] = await runAgainstFake(agents, activeSourcePort, {
        sets: [settings.active({ sourcePort: "ephemeral" })],
      });
      expect(result?.verdict).toBe("info");
      const port = Number(/from port (\d+) \(L-1/.exec(result?.expected ?? "")?.[1]);
      expect(result?.observed).toMatch(/127\.0\.0\.1:\d+/);
      expect(result?.observed).not.toContain(`127.0.0.1:${port}`);
      expect(result?.hint).toContain("connect_from_port_20=YES");
    });

    it("should be inconclusive when no data connection comes", async () => {
      const [result] = await runAgainstFake(agents, activeSourcePort, {
        sets: [settings.active({ dialAddress: "127.0.0.3" })],
      });
      expectSkip(result, "inconclusive");
    });

    it("should be measured in the direct scenario only", () => {
      const decided = SCENARIOS.filter((s) => activeSourcePort.notApplicable?.(s, FAKE_TARGET) === null);
      expect(decided.map((s) => s.name)).toEqual(["direct"]);
    });
  });

  describe("active.through-client-nat", () => {
    it("should not apply where the client is not behind NAT, or its gateway runs the helper", () => {
      for (const scenario of SCENARIOS.filter((s) => s.name !== "client-nat")) {
        expect(activeThroughClientNat.notApplicable?.(scenario, FAKE_TARGET)).toMatch(/^only behind a client-side NAT/);
      }
      expect(clientUnreachableForActive(CLIENT_NAT)).toBe(true);
    });

    it("should be the scenario's expected failure when the server cannot reach the private address (425)", async () => {
      const result = await runInScenario(
        agents,
        activeThroughClientNat,
        { sets: [settings.active({ silentHosts: ["127.0.0.1"] })] },
        CLIENT_NAT,
      );
      expect(result.verdict, result.observed).toBe("xfail");
      expect(result.cause?.kind).toBe("active-address-behind-client-nat");
      expect(result.note).toContain("expected in client-nat");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: 425 });
      expect(result.hint).toContain("passive mode");
    });

    it("should be the expected failure when the server refuses the foreign address in PORT", async () => {
      const result = await runInScenario(
        agents,
        activeThroughClientNat,
        { handlers: { PORT: reply("500 Illegal PORT command.") } },
        CLIENT_NAT,
      );
      expect(result.verdict).toBe("xfail");
      expect(result.cause?.kind).toBe("active-address-behind-client-nat");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 500, RETR: undefined });
    });

    it("should be a real failure, not the expected one, when the server hangs instead of answering", async () => {
      const result = await runInScenario(
        agents,
        activeThroughClientNat,
        { sets: [settings.active({ silentHosts: ["127.0.0.1"], hangWhenUnreachable: true })] },
        CLIENT_NAT,
      );
      expect(result.verdict).toBe("non-strict");
      expect(result.cause).toBeUndefined();
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: undefined });
      expect(result.hint).toContain("answer 425");
    });

    it("should pass when the transfer works through the client's NAT after all", async () => {
      const result = await runInScenario(agents, activeThroughClientNat, {}, CLIENT_NAT);
      expect(result.verdict, result.observed).toBe("pass");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: 150 });
      expect(result.transcript.filter((e) => e.dir === "S").map((e) => e.text.slice(0, 3))).toContain("226");
    });
  });

  describe("active.connect-timeout", () => {
    const declared = { target: { connectTimeoutSeconds: 1 } };
    /** The check's result against a fake as `behaviour` says, the profile declaring a 1 s connect timeout. */
    const connectTimeout = (behaviour: FakeBehaviour = {}) =>
      runAgainstFake(agents, activeConnectTimeout, behaviour, declared);

    it("should not apply when the target declares no connect timeout", async () => {
      const [result] = await runAgainstFake(agents, activeConnectTimeout, {});
      expectSkip(result, "not-applicable", "the target declares no connect timeout");
    });

    it("should pass a server that gives up on a silent port with 425", async () => {
      const [result] = await connectTimeout({ sets: [settings.active({ connectTimeoutMs: 300 })] });
      expect(result?.verdict, result?.observed).toBe("pass");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: 425 });
      // The wording of the bound is what a reader checks the server's timeout against: the one whole sentence.
      expect(result?.expected).toBe("a 425 (the data connection failed) within 1.5 s (declared connect timeout 1 s)");
    });

    it("should pass a server that dials at PORT and answers PORT itself with a 4xx", async () => {
      const [result] = await connectTimeout({ handlers: { PORT: reply("421 Active data channel timed out.") } });
      expect(result?.verdict, result?.observed).toBe("pass");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 421, RETR: undefined });
    });

    it("should fail, within the bound, when the server hangs instead of answering", async () => {
      const [result] = await connectTimeout({ sets: [settings.active({ hangWhenUnreachable: true })] });
      expect(result?.verdict).toBe("info");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: undefined });
      expect(result?.observed).toContain("within 1.5 s");
      expect(result?.hint).toContain("connect_timeout");
    });

    it("should fail when the server ends the session instead of answering", async () => {
      const [result] = await connectTimeout({ handlers: { RETR: closeControl } });
      expect(result?.verdict).toBe("info");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: undefined });
      expect(result?.observed).toContain("ended the session");
    });

    it("should be inconclusive, not pass, when RETR gets a 550 unrelated to the connection (it passed before)", async () => {
      const [result] = await connectTimeout({ handlers: { RETR: reply("550 No such file or directory.") } });
      expectSkip(result, "inconclusive");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: 550 });
    });

    it("should be inconclusive when PORT gets a 4xx that does not name the data connection", async () => {
      const [result] = await connectTimeout({
        handlers: { PORT: reply("421 Too many users, closing control connection.") },
      });
      expectSkip(result, "inconclusive");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 421, RETR: undefined });
    });

    it("should pass a slow server that gives up with a multi-line 425 in its own words", async () => {
      const [result] = await connectTimeout({
        sets: [settings.active({ connectTimeoutMs: 300 }), quirks.replyDelay(100), quirks.multiLine],
      });
      expect(result?.verdict, result?.observed).toBe("pass");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 200, RETR: 425 });
    });

    it("should be inconclusive when the server refuses PORT naming the client's own address", async () => {
      const [result] = await connectTimeout({ handlers: { PORT: reply("500 Illegal PORT command.") } });
      expectSkip(result, "inconclusive");
      expect(replyCodes(result, ["PORT", "RETR"])).toEqual({ PORT: 500, RETR: undefined });
    });
  });

  describe("causeOfFailedActive", () => {
    const network = { clientAddress: "203.0.113.10" } as NetworkFacts;
    const attempt = (over: Partial<ActiveAttempt>): ActiveAttempt => ({
      named: "10.213.9.4",
      answer: "failed",
      said: "'425 Failed to establish connection.'",
      arrived: false,
      ...over,
    });

    it.each([
      ["a 425 after PORT naming the private address", {}, true],
      [
        "PORT naming the private address refused",
        { answer: "refused" as const, said: "'500 Illegal PORT command.'" },
        true,
      ],
      ["a hang", { answer: "silent" as const }, false],
      ["a connection that arrived", { arrived: true }, false],
      ["a completed transfer", { answer: "completed" as const }, false],
      ["the client named by its address as the server sees it", { named: "203.0.113.10" }, false],
    ])("%s: cause %s", (_, over, shown) => {
      const cause = causeOfFailedActive(attempt(over), network);
      expect(cause?.kind).toBe(shown ? "active-address-behind-client-nat" : undefined);
    });
  });
});
