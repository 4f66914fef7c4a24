import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { IMPLICIT_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

const SCENARIOS = Object.keys(IMPLICIT_VERDICTS);
/** The tls.* checks whose sessions go over the implicit port (tls.required asks the plaintext port beside it). */
const OVER_IMPLICIT = ["tls.auth", "tls.prot-p", "tls.session-reuse", "tls.close-notify"];

/**
 * The built-in vsftpd-implicit (implicit FTPS on 990 beside explicit on 21, TLS required): the preflight and
 * every check log in over implicit TLS at 990, which the gateway forwards in nat as it does 21, so it gets the
 * TLS-only vsftpd's passive-mode verdicts there as in direct.
 */
describe("an implicit-FTPS built-in (vsftpd-implicit)", { timeout: 600000 }, () => {
  let report: RunReport;

  beforeAll(async () => {
    ({ report } = await runToReport(["--target", "vsftpd-implicit", "--scenario", SCENARIOS.join(",")]));
  }, 600000);

  for (const scenario of SCENARIOS) {
    it(`should give it in ${scenario} the TLS-only vsftpd's verdicts`, () => {
      const rows = report.results.filter((r) => r.scenario === scenario);
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, IMPLICIT_VERDICTS[scenario] ?? {})).toEqual([]);
    });
  }

  it("should run the tls.* checks over port 990 at the gateway's public address in nat, saying implicit", () => {
    const rows = report.results.filter((r) => r.scenario === "nat" && OVER_IMPLICIT.includes(r.check));
    expect(rows.length).toBe(2 + 4 + 1 + 1);
    for (const row of rows) {
      expect(row.verdict).toBe("pass");
      expect(row.observed).toMatch(/^implicit TLS at \d+\.\d+\.\d+\.\d+:990: /);
    }
    const required = report.results.find((r) => r.scenario === "nat" && r.check === "tls.required");
    expect(required?.observed).toMatch(/^USER got '530 /);
  });
});
