import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { DNS_NAME_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";

const TARGETS = Object.keys(DNS_NAME_VERDICTS);

/** dns-name runs only by name: the built-ins that take a host name, in one run, as a user would name it. */
describe("dns-name with the built-in servers", { timeout: 300000 }, () => {
  let report: RunReport;

  beforeAll(async () => {
    const run = await runToReport([...TARGETS.flatMap((t) => ["--target", t]), "--scenario", "dns-name"]);
    // vsftpd (EPSV ALL) and Pure-FTPd (EPSV 4, EPSV ALL) break MUSTs of RFC 2428 here as everywhere.
    expect(run.code, run.stderr).toBe(1);
    report = run.report;
  }, 300000);

  for (const target of TARGETS) {
    it(`should give ${target} in dns-name its known verdicts`, () => {
      const rows = report.results.filter((r) => r.target === target && r.scenario === "dns-name");
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, DNS_NAME_VERDICTS[target] ?? {})).toEqual([]);
    });
  }

  it("should show a server that resolved its name at start advertising the old address, by its cause", () => {
    const find = (target: string) =>
      report.results.find((r) => r.target === target && r.scenario === "dns-name" && r.check === "address.public");
    for (const target of ["vsftpd", "proftpd"]) {
      expect(find(target)?.observed).toMatch(
        /^227 advertises (\S+) \(from the client: connected\): \1 is what ftp\.dns-name\.test resolved to before it changed; it resolves to \S+ now/,
      );
      expect(find(target)?.note).toContain("expected in dns-name");
    }
    expect(find("pure-ftpd")?.verdict).toBe("pass");
  });
});
