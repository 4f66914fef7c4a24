import { describe, expect, it } from "vitest";
import { localAgents } from "../harness/testing/agents-fixture.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { FAKE_TARGET, runAgainstFake } from "../harness/testing/fake-environment.js";
import { faults, quirks, reply } from "../harness/testing/fake-ftp-server.js";
import { replyCodes } from "../harness/testing/reply-codes.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { activeSessionEnd } from "./active-session-end.js";

const scenarioNamed = (name: string) => {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};

describe("active.session-end", () => {
  const agents = localAgents();

  it("should pass a server that serves the second connection after the first session ended", async () => {
    const [result] = await runAgainstFake(agents, activeSessionEnd, {});
    expect(result?.verdict, result?.observed).toBe("pass");
    expect(replyCodes(result, ["PORT", "RETR", "QUIT", "USER"])).toEqual({
      PORT: 200,
      RETR: 150,
      QUIT: 221,
      USER: 331,
    });
    expect(result?.transcript.map((e) => e.text)).toContain("the server ended the first session after its 221");
    // One QUIT per session: the first, ended by the check, is not sent another when the runner closes the rest.
    expect(result?.transcript.filter((e) => e.dir === "C" && e.text === "QUIT")).toHaveLength(2);
  });

  it("should fail, bounded, a server that never answers a connection accepted while the session ended (pyftpdlib 1.5.7)", async () => {
    const started = Date.now();
    const [result] = await runAgainstFake(agents, activeSessionEnd, { sets: [faults.sessionEndLosesNext] });
    expect(result?.verdict).toBe("fail");
    expect(result?.cause?.kind).toBe("session-end-stops-other-session");
    expect(result?.observed).toMatch(/second connection's USER: no reply/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("should pass a correct but unusual server: multi-line replies, the connection closed well after the 221", async () => {
    const [result] = await runAgainstFake(agents, activeSessionEnd, {
      sets: [quirks.multiLine, quirks.closeAfterQuit(400)],
    });
    expect(result?.verdict, result?.observed).toBe("pass");
    expect(result?.transcript.map((e) => e.text)).toContain("the server ended the first session after its 221");
  });

  it("should pass a server that closes the first session only when the client does (no close after 221)", async () => {
    const [result] = await runAgainstFake(agents, activeSessionEnd, { sets: [quirks.closeAfterQuit(5000)] });
    expect(result?.verdict, result?.observed).toBe("pass");
    expect(result?.transcript.map((e) => e.text)).toContain(
      "the server did not end the first session after QUIT within 1 s: the client closed it",
    );
  });

  it("should not decide (its stimulus did not happen) when the active-mode download fails", async () => {
    const [result] = await runAgainstFake(agents, activeSessionEnd, {
      handlers: { PORT: reply("501 Illegal PORT command.") },
    });
    expectSkip(result, "inconclusive", /the active-mode download did not complete .*see active.port/);
  });

  it("should not decide when the server refuses a second session", async () => {
    let sessions = 0;
    const [result] = await runAgainstFake(agents, activeSessionEnd, {
      sets: [
        {
          policy: {
            // The first session greeted, every other refused (a cap of one session at a time).
            greeting: () => (++sessions <= 1 ? "220 ready" : "530 one session per address"),
          },
        },
      ],
    });
    expectSkip(result, "inconclusive", /a second control connection beside the first was not greeted/);
  });

  it("should apply wherever an active-mode download can complete, not behind a client NAT without the helper", () => {
    expect(activeSessionEnd.notApplicable?.(scenarioNamed("direct"), FAKE_TARGET)).toBeNull();
    expect(activeSessionEnd.notApplicable?.(scenarioNamed("ipv6-direct"), FAKE_TARGET)).toBeNull();
    expect(activeSessionEnd.notApplicable?.(scenarioNamed("client-nat-alg"), FAKE_TARGET)).toBeNull();
    expect(activeSessionEnd.notApplicable?.(scenarioNamed("client-nat"), FAKE_TARGET)).toMatch(/behind NAT/);
  });
});
