import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { mergeReports } from "./merge-reports.js";
import { runPassed, summarise, type RunReport } from "./run-report.js";

const result = (scenario: string, verdict: CheckResult["verdict"]): CheckResult => ({
  target: "t",
  scenario,
  check: "pasv.reply",
  level: "MUST",
  source: "RFC 959",
  requirement: "227",
  verdict,
  expected: "227",
  observed: "x",
  transcript: [],
  durationMs: 1,
});

const shard = (index: number, scenario: string, verdict: CheckResult["verdict"]): RunReport => {
  const results = [result(scenario, verdict)];
  return {
    tool: { name: "ftp-conformance", version: "0" },
    runId: `r${index}`,
    startedAt: `2026-11-21T00:00:0${index}.000Z`,
    finishedAt: `2026-11-21T00:00:0${index + 2}.000Z`,
    durationMs: 2000,
    strict: false,
    shard: `${index}/2`,
    targets: ["t"],
    scenarios: [scenario],
    pairs: [`t/${scenario}`],
    summary: summarise(results),
    passed: runPassed(results),
    results,
  };
};

describe("mergeReports", () => {
  it("should join the shards' results, recount, and order scenarios as a whole run does", () => {
    const merged = mergeReports([shard(1, "nat", "pass"), shard(2, "direct", "fail")]);
    expect(merged).toMatchObject({
      runId: "r1+r2",
      scenarios: ["direct", "nat"],
      pairs: ["t/nat", "t/direct"],
      passed: false,
      durationMs: 3000,
    });
    expect(merged.summary).toMatchObject({ pass: 1, fail: 1, total: 2 });
    expect(merged.shard).toBeUndefined();
  });

  it("should refuse overlapping shards", () => {
    expect(() => mergeReports([shard(1, "nat", "pass"), shard(2, "nat", "pass")])).toThrow(
      "merge: t/nat is in two of the reports (overlapping shards)",
    );
  });
});
