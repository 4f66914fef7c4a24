import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { mergeReports } from "./merge-reports.js";
import { sampleReport, sampleResult, sampleRootCause } from "../testing/sample-report.js";
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

  it("should keep each shard's root causes, and read a report from before root causes as having none", () => {
    const nat = sampleRootCause({ id: "t/nat#1", target: "t", scenario: "nat" });
    const direct = sampleRootCause({ id: "t/direct#1", target: "t", scenario: "direct" });
    const older = { ...shard(3, "nat-unadvertised", "pass") } as Partial<RunReport>;
    delete older.rootCauses;
    const merged = mergeReports([
      { ...shard(1, "nat", "fail"), rootCauses: [nat] },
      { ...shard(2, "direct", "fail"), rootCauses: [direct] },
      older as RunReport,
    ]);
    expect(merged.rootCauses.map((c) => c.id)).toEqual(["t/nat#1", "t/direct#1"]);
  });

  it("should be incomplete when a shard left results undecided, failed under either shard's --strict", () => {
    const undecided = {
      ...shard(2, "nat", "skipped"),
      results: [sampleResult({ target: "t", scenario: "nat", verdict: "skipped", skipKind: "budget" })],
    };
    const merged = mergeReports([shard(1, "direct", "pass"), undecided]);
    expect(merged).toMatchObject({ outcome: "incomplete", passed: false, undecided: 1 });
    const strict = mergeReports([shard(1, "direct", "pass"), { ...undecided, strict: true }]);
    expect(strict).toMatchObject({ outcome: "failed", strict: true });
  });

  it("should refuse overlapping shards", () => {
    expect(() => mergeReports([shard(1, "nat", "pass"), shard(2, "nat", "pass")])).toThrow(
      "merge: t/nat is in two of the reports (overlapping shards)",
    );
  });
});
