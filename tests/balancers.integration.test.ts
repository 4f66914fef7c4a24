import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { BALANCER_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

/**
 * The scenarios of balancers and proxies before the server run only by name: each built-in that has
 * pins there, in one run of those scenarios, as a user would name them.
 */
describe.each(Object.keys(BALANCER_VERDICTS))("%s behind balancers and proxies", { timeout: 600000 }, (target) => {
  const pins = BALANCER_VERDICTS[target] ?? {};
  const scenarios = Object.keys(pins);
  let report: RunReport;

  beforeAll(async () => {
    const run = await runToReport(["--target", target, ...scenarios.flatMap((s) => ["--scenario", s])]);
    report = run.report;
  }, 600000);

  it("should run every pinned scenario", () => {
    expect(report.pairs).toEqual(scenarios.map((s) => `${target}/${s}`));
  });

  it.each(scenarios)("should give its known verdicts in %s", (scenario) => {
    const rows = report.results.filter((r) => r.scenario === scenario);
    expect(rows.length).toBe(RESULTS_PER_SUITE);
    expect(verdictMismatches(rows, pins[scenario] ?? {})).toEqual([]);
  });

  it("should name the cause of a refused data connection from the balancer's connection table", () => {
    const refused = report.results.find((r) => r.scenario === "lb-snat-pool" && r.check === "transfer.retr");
    expect(refused?.verdict).toBe("xfail");
    expect(refused?.note).toMatch(
      /control connections reaching it from [\d.]+ and \d+ data connection\(s\) from [\d.]+/,
    );
  });
});
