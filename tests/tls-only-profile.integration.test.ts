import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { RESULTS_PER_SUITE, TLS_ONLY_VERDICTS, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

const SCENARIOS = Object.keys(TLS_ONLY_VERDICTS);

/**
 * The built-in TLS-only vsftpd (force_local_logins_ssl and force_local_data_ssl): the preflight and
 * every check log in under TLS with PROT P, so it gets the plaintext vsftpd's passive-mode verdicts.
 */
describe("a TLS-only built-in (vsftpd-tls-only)", { timeout: 600000 }, () => {
  let report: RunReport;

  beforeAll(async () => {
    ({ report } = await runToReport(["--target", "vsftpd-tls-only", "--scenario", SCENARIOS.join(",")]));
  }, 600000);

  for (const scenario of SCENARIOS) {
    it(`should give it in ${scenario} the plaintext vsftpd's verdicts, tls.required passing`, () => {
      const rows = report.results.filter((r) => r.scenario === scenario);
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, TLS_ONLY_VERDICTS[scenario] ?? {})).toEqual([]);
    });
  }

  it("should have logged in under TLS: a plaintext USER is refused", () => {
    const required = report.results.find((r) => r.scenario === "direct" && r.check === "tls.required");
    expect(required?.observed).toMatch(/^USER got '530 /);
  });
});
