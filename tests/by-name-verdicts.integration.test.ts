import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { BY_NAME_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

/**
 * The scenarios run only by name, each built-in target in each on its own, as a user names them
 * (`-t 'vsftpd in nat-no-helper'` runs one pair).
 */
describe("built-in servers in the scenarios run only by name", { timeout: 300000 }, () => {
  it("should pin only scenarios that run only by name", () => {
    const byName = SCENARIOS.filter((s) => s.byNameOnly !== null).map((s) => s.name);
    expect(byName).toEqual(expect.arrayContaining(Object.keys(BY_NAME_VERDICTS)));
  });

  for (const [scenario, targets] of Object.entries(BY_NAME_VERDICTS)) {
    for (const [target, pins] of Object.entries(targets)) {
      it(`should give ${target} in ${scenario} its known verdicts`, async () => {
        const { report, stderr } = await runToReport(["--target", target, "--scenario", scenario]);
        expect(report.pairs, stderr).toEqual([`${target}/${scenario}`]);
        expect(report.results.length).toBe(RESULTS_PER_SUITE);
        expect(verdictMismatches(report.results, pins)).toEqual([]);
      });
    }
  }
});
