import { describe, expect, it } from "vitest";
import { PairBudget } from "../harness/checks/pair-budget.js";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { looksSequential, portsFirewallWindow, portsInRange, portsUnpredictable, sequenceDecided } from "./ports.js";
import { faults } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** A budget with nothing left: every check runs while it runs low. */
const spent = () => new PairBudget(0);

describe("sequenceDecided", () => {
  it.each([
    { first: [], total: 20, decided: undefined },
    { first: [30000, 30001, 30002], total: 20, decided: undefined },
    // 6 steps, none alike: even 13 alike steps to come make 14 of 19, under 80%.
    { first: [30003, 30007, 30001, 30009, 30002, 30005, 30000], total: 20, decided: false },
    // 16 alike of 19 steps (84%) whatever comes.
    { first: Array.from({ length: 17 }, (_, i) => 41000 + i), total: 20, decided: true },
    { first: [1, 2, 3], total: 3, decided: false },
  ])("$first.length of $total ports: $decided", ({ first, total, decided }) => {
    expect(sequenceDecided(first, total)).toBe(decided);
  });

  it("should agree with looksSequential on every way the ports to come could go", () => {
    // Every sequence of 7 ports drawn from 4 values, and each of its beginnings.
    const total = 7;
    const values = [0, 1, 2, 3];
    let sequences: number[][] = [[]];
    for (let i = 0; i < total; i++) sequences = sequences.flatMap((s) => values.map((v) => [...s, v]));
    let decidedEarly = 0;
    for (const ports of sequences) {
      for (let length = 0; length <= total; length++) {
        const decided = sequenceDecided(ports.slice(0, length), total);
        if (decided === undefined) continue;
        if (length < total) decidedEarly++;
        expect(decided, ports.join(",")).toBe(looksSequential(ports));
      }
    }
    expect(decidedEarly).toBeGreaterThan(0);
  });
});

describe("sampling checks when the pair's time budget runs low", () => {
  const agents = localAgents();

  it("ports.unpredictable should stop once no port to come could make a sequence, saying so", async () => {
    const [result] = await runAgainstFake(agents, portsUnpredictable, {}, { budget: spent() });
    expect(result?.verdict, result?.observed).toBe("pass");
    const sampled = /stopped after (\d+) of 20: the time budget for this target and scenario ran low/.exec(
      result?.observed ?? "",
    )?.[1];
    expect(Number(sampled)).toBeLessThan(20);
    expect(result?.observed).toContain("could not change whether 80% of the steps between them are alike");
  });

  it("ports.unpredictable should sample all 20 with time to spare", async () => {
    const [result] = await runAgainstFake(agents, portsUnpredictable, {}, { budget: new PairBudget(600000) });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed.split(", ")).toHaveLength(20);
    expect(result?.observed).not.toContain("stopped after");
  });

  it("ports.unpredictable should still fail a sequence, once it is one whatever comes", async () => {
    const [result] = await runAgainstFake(
      agents,
      portsUnpredictable,
      { sets: [faults.sequentialPorts(23000)] },
      { budget: spent() },
    );
    expect(result?.verdict).toBe("info");
    // 17 alike steps decide it; a port of the sequence busy on this host (skipped by the fake) adds one.
    const sampled = /^predictable: 230\d\d, .* \(stopped after (\d+) of 20: /.exec(result?.observed ?? "")?.[1];
    expect(Number(sampled)).toBeGreaterThanOrEqual(17);
    expect(Number(sampled)).toBeLessThan(20);
  });

  it("ports.in-range should stop at the first port outside the range, and only then", async () => {
    const outside = await runAgainstFake(
      agents,
      portsInRange,
      { sets: [faults.epsvReply(() => "229 (|||999|)")] },
      { budget: spent() },
    );
    expect(outside[0]?.verdict).toBe("fail");
    expect(outside[0]?.observed).toMatch(
      /^1 of 2 outside: EPSV 999 \(stopped after 2 of 50: .*a port outside the range decides it\)$/,
    );
    const inside = await runAgainstFake(agents, portsInRange, {}, { budget: spent() });
    expect(inside[0]?.verdict).toBe("pass");
    expect(inside[0]?.observed).toMatch(/^50 replies, /);
  });

  it("ports.firewall-window should stop at a forwarded port nothing listens on, and not at a blocked one outside", async () => {
    const window = {
      scenario: "partial-firewall" as const,
      forwardedPorts: { min: 1024, max: 65535 },
      budget: spent(),
    };
    const dead = await runAgainstFake(agents, portsFirewallWindow, { sets: [faults.advertiseDeadPort] }, window);
    expect(dead[0]?.verdict).toBe("info");
    expect(dead[0]?.observed).toMatch(
      /^0 of 1 advertised ports .*\(stopped after 1 of 20: .*a blocked port inside the forwarded window decides it\)$/,
    );
    // Blocked outside the window: an expected failure only if every blocked port is outside, so all 20 are needed.
    let n = 0;
    const outside = await runAgainstFake(
      agents,
      portsFirewallWindow,
      { sets: [faults.epsvReply((port) => `229 (|||${n++ % 2 === 0 ? port : 1}|)`)] },
      window,
    );
    expect(outside[0]?.verdict).toBe("xfail");
    expect(outside[0]?.observed).toMatch(/^10 of 20 advertised ports/);
  });
});
