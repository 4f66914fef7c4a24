import { describe, expect, it } from "vitest";
import { unmeasuredPair, type PairTiming } from "./pair-timings.js";
import { checkSequence, scenarioCosts, slowestPair, timeShares } from "./timing-summary.js";

const pair = (target: string, scenario: string, phases: Partial<PairTiming>): PairTiming => ({
  ...unmeasuredPair(target, scenario),
  ...phases,
});

const PAIRS = [
  pair("a", "direct", { buildMs: 1000, checksMs: 9000, waitingOnTopologyMs: 8000, teardownMs: 1000 }),
  pair("b", "direct", { buildMs: 3000, checksMs: 19000, waitingOnTopologyMs: 18000, capturesMs: 500, teardownMs: 500 }),
  pair("a", "nat", { buildMs: 2000, checksMs: 4000, waitingOnTopologyMs: 3000, teardownMs: 1000 }),
];

describe("timing summary", () => {
  it("should give each scenario the mean of its pairs' phases", () => {
    expect(scenarioCosts(PAIRS)).toEqual([
      {
        scenario: "direct",
        pairs: 2,
        buildMs: 2000,
        checksMs: 14000,
        capturesMs: 250,
        teardownMs: 750,
        totalMs: 17000,
      },
      { scenario: "nat", pairs: 1, buildMs: 2000, checksMs: 4000, capturesMs: 0, teardownMs: 1000, totalMs: 7000 },
    ]);
  });

  it("should name the pair with the longest whole time, and its checks in the order they started", () => {
    const slow = pair("b", "direct", {
      checksMs: 30000,
      checks: [
        { name: "server.alive", concurrency: "last", startMs: 900, durationMs: 1 },
        { name: "pasv.reply", concurrency: "shared", startMs: 10, durationMs: 400 },
      ],
    });
    expect(slowestPair([...PAIRS, slow])).toBe(slow);
    expect(checkSequence(slow).map((c) => c.name)).toEqual(["pasv.reply", "server.alive"]);
    expect(slowestPair([])).toBeUndefined();
  });

  it("should split the pairs' time into waiting on the topology, the harness, building, and captures with teardown", () => {
    expect(timeShares(PAIRS)).toEqual({
      totalMs: 11000 + 23000 + 7000,
      waitingOnTopologyMs: 29000,
      harnessDuringChecksMs: 3000,
      buildMs: 6000,
      capturesAndTeardownMs: 3000,
    });
  });
});
