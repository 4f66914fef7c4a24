import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { PURE_FTPD_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

const SCENARIOS = Object.keys(PURE_FTPD_VERDICTS);

/** The fourth built-in server, chosen by name as a user would: every scenario, one run. */
describe("pure-ftpd as a built-in target", { timeout: 300000 }, () => {
  let report: RunReport;

  beforeAll(async () => {
    const run = await runToReport(["--target", "pure-ftpd"]);
    // EPSV 4 and EPSV ALL are MUSTs Pure-FTPd breaks, so the run fails.
    expect(run.code, run.stderr).toBe(1);
    report = run.report;
  }, 300000);

  it("should run pure-ftpd in every scenario", () => {
    expect(report.pairs).toEqual(SCENARIOS.map((s) => `pure-ftpd/${s}`));
  });

  for (const scenario of SCENARIOS) {
    it(`should give pure-ftpd in ${scenario} its known verdicts`, () => {
      const rows = report.results.filter((r) => r.scenario === scenario);
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, PURE_FTPD_VERDICTS[scenario] ?? {})).toEqual([]);
    });
  }

  it("should show Pure-FTPd's own replies as the evidence of its failures", () => {
    const find = (check: string) => report.results.find((r) => r.scenario === "nat" && r.check === check);
    expect(find("epsv.net-prt")?.observed).toMatch(/EPSV 4: '229 /);
    expect(find("epsv.all")?.observed).toMatch(/^PASV not refused after EPSV ALL: PASV: '227 /);
  });

  it("should name Pure-FTPd's own settings in its fix hints", () => {
    const result = report.results.find((r) => r.scenario === "nat-unadvertised" && r.check === "address.public");
    expect(result?.hint).toMatch(/^start pure-ftpd with -P (198\.51\.100|203\.0\.113)\.\d+ \(--forcepassiveip/);
  });
});
