import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { REPLICA_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

/**
 * Two replicas of the server behind a balancer (run only by name: lb-replicas, lb-replicas-affinity): each
 * built-in in one run of both scenarios, as a user would name them.
 */
describe.each(Object.keys(REPLICA_VERDICTS))("%s as two replicas behind a balancer", { timeout: 300000 }, (target) => {
  const pins = REPLICA_VERDICTS[target] ?? {};
  const scenarios = Object.keys(pins);
  let report: RunReport;

  beforeAll(async () => {
    const run = await runToReport(["--target", target, ...scenarios.flatMap((s) => ["--scenario", s])]);
    report = run.report;
  }, 300000);

  it("should run every pinned scenario", () => {
    expect(report.pairs).toEqual(scenarios.map((s) => `${target}/${s}`));
  });

  it.each(scenarios)("should give its known verdicts in %s", (scenario) => {
    const rows = report.results.filter((r) => r.scenario === scenario);
    expect(rows.length).toBe(RESULTS_PER_SUITE);
    expect(verdictMismatches(rows, pins[scenario] ?? {})).toEqual([]);
  });

  it("should name the replica the data connection reached, from the balancer's connection table", () => {
    const missed = report.results.find((r) => r.scenario === "lb-replicas" && r.check === "pasv.connectable");
    expect(missed).toMatchObject({
      verdict: "xfail",
      cause: { kind: "data-reached-other-replica", replica: { number: 2 } },
    });
    expect(missed?.note).toMatch(
      /during this check the balancer sent 1 control connection\(s\) to replica 1 \([\d.]+\), whose session advertised the data port \(port \d+\), and 1 data connection\(s\) to replica 2 \([\d.]+\)/,
    );
  });
});
