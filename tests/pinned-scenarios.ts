import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

/**
 * Scenarios run only by name, per built-in target: each target in one run of its pinned scenarios, as
 * a user would name them, every pair holding its pins. `more` adds a file's own tests on the report.
 */
export function describePinnedScenarios(
  title: string,
  verdicts: Record<string, Record<string, Record<string, string>>>,
  timeoutMs: number,
  more: (report: () => RunReport) => void,
): void {
  describe.each(Object.keys(verdicts))(title, { timeout: timeoutMs }, (target) => {
    const pins = verdicts[target] ?? {};
    const scenarios = Object.keys(pins);
    let report: RunReport;

    beforeAll(async () => {
      const run = await runToReport(["--target", target, ...scenarios.flatMap((s) => ["--scenario", s])]);
      report = run.report;
    }, timeoutMs);

    it("should run every pinned scenario", () => {
      expect(report.pairs).toEqual(scenarios.map((s) => `${target}/${s}`));
    });

    it.each(scenarios)("should give its known verdicts in %s", (scenario) => {
      const rows = report.results.filter((r) => r.scenario === scenario);
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, pins[scenario] ?? {})).toEqual([]);
    });

    more(() => report);
  });
}
