import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { mergeReports } from "./merge-reports.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import type { RunReport } from "./run-report.js";

const shard = (index: number, scenario: string, verdict: CheckResult["verdict"]): RunReport =>
  sampleReport([sampleResult({ target: "t", scenario, verdict, observed: "x" })], {
    runId: `r${index}`,
    startedAt: `2026-11-21T00:00:0${index}.000Z`,
    finishedAt: `2026-11-21T00:00:0${index + 2}.000Z`,
    durationMs: 2000,
    shard: `${index}/2`,
  });

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
