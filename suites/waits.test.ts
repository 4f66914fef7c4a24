import { describe, expect, it } from "vitest";
import { timeoutsFor, type Timeouts } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { FAKE_TARGET, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { activeThroughClientNat } from "./active.js";
import { pasvConnectable, pasvReply } from "./pasv.js";
import { quirks, settings } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/**
 * The harness's waits come from the profile (waits.*, acceptTimeoutSeconds, connectTimeoutSeconds)
 * with defaults that fit real servers, and a verdict that a wait decided names the wait and where its
 * length came from. Scaled down: a profile declaring a 0.5 s reply wait stands in for a real one's 30 s.
 */
describe("waits from the profile", () => {
  const agents = localAgents();

  const declared = {
    ...FAKE_TARGET,
    waits: { replySeconds: 0.5, dialSeconds: 0.5, transferSeconds: 1.5 },
  };
  const timeouts = timeoutsFor(declared);
  /** `check` against a fake whose every reply comes `ms` late, with the waits `options` declares (default: the profile's). */
  const lateBy = (ms: number, check: CheckDefinition, options: FakeRunOptions = { target: declared, timeouts }) =>
    runAgainstFake(agents, check, { sets: [quirks.replyDelay(ms)] }, options);

  it("should pass a correct server whose every reply comes late but within the profile's reply wait", async () => {
    const [reply] = await lateBy(300, pasvReply);
    expect(reply?.verdict, reply?.observed).toBe("pass");
    const [connectable] = await lateBy(300, pasvConnectable);
    expect(connectable?.verdict, connectable?.observed).toBe("pass");
  });

  it("should fail a server that answers later than the reply wait, naming the wait and its source", async () => {
    const [result] = await lateBy(800, pasvReply);
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toBe("no reply to the greeting within 0.5 s (reply wait, profile waits.replySeconds)");
  });

  it("should name a default reply wait as the default, and the field that would declare it", async () => {
    const undeclared = { ...timeoutsFor({}), replyMs: 500 };
    const [result] = await lateBy(800, pasvReply, { timeouts: undeclared });
    expect(result?.observed).toBe(
      "no reply to the greeting within 0.5 s (reply wait: the default 30 s; the profile declares no waits.replySeconds)",
    );
  });

  describe("a server whose profile declares no connect timeout", () => {
    // Scaled down: the fake gives up on an unanswered active connection after 1 s (vsftpd's
    // connect_timeout, 60 s by default); the harness's fallback for an undeclared timeout is 1.2 s
    // here (60 s in a run). With the old fallback (one reply wait) the harness stopped listening
    // first and reported a hang.
    const limits: Timeouts = {
      replyMs: 200,
      dataConnectMs: 200,
      transferMs: 1500,
      checkMs: 6000,
      undeclaredServerTimeoutMs: 1200,
      labels: { reply: "reply wait", dial: "dial wait", transfer: "transfer wait" },
    };
    const clientNat = {
      scenario: "client-nat" as const,
      network: { clientAddress: "127.0.0.5", clientPrivateAddress: "127.0.0.1" },
      timeouts: limits,
    };

    it("should wait for it to give up: the 425 it then sends is the scenario's expected failure", async () => {
      const behaviour = { sets: [settings.active({ silentHosts: ["127.0.0.1"], connectTimeoutMs: 1000 })] };
      const [result] = await runAgainstFake(agents, activeThroughClientNat, behaviour, clientNat);
      expect(result?.verdict, result?.observed).toBe("xfail");
      expect(result?.note).toContain("could not connect to it: '425 Can't open data connection");
    });

    it("should report one that never gives up naming the connect wait and that it is the default", async () => {
      const behaviour = { sets: [settings.active({ silentHosts: ["127.0.0.1"], hangWhenUnreachable: true })] };
      const [result] = await runAgainstFake(agents, activeThroughClientNat, behaviour, clientNat);
      expect(result?.verdict).toBe("non-strict");
      expect(result?.observed).toContain(
        "first no reply to RETR within 1.4 s (connect wait: the default 1.2 s + the dial wait (0.2 s); " +
          "the profile declares no connectTimeoutSeconds)",
      );
    });
  });
});
