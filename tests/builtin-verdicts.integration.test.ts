import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { KNOWN_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runToReport } from "./run-cli.js";
import { chromiumInstalled, launchChromium, openEvidenceFromCell } from "./headless-chromium.js";

describe("built-in servers, full run", { timeout: 600000 }, () => {
  const tempDir = tempDirs();
  let report: RunReport;
  let dir: string;
  let exit: { code: number | null; stdout: string };

  beforeAll(async () => {
    dir = tempDir("ftpc-run-");
    const run = await runToReport([], dir);
    report = run.report;
    exit = run;
  }, 600000);

  it("should exit 1 and say FAILED: vsftpd breaks a MUST of RFC 2428 (EPSV ALL)", () => {
    expect(exit.stdout).toContain("ftp-conformance: FAILED");
    expect(exit.code).toBe(1);
  });

  it("should pin every target x scenario pair of the default run (a new scenario needs its verdicts)", () => {
    const pinned = Object.entries(KNOWN_VERDICTS).flatMap(([target, scenarios]) =>
      Object.keys(scenarios).map((scenario) => `${target}/${scenario}`),
    );
    expect([...report.pairs].sort()).toEqual(pinned.sort());
  });

  for (const [target, scenarios] of Object.entries(KNOWN_VERDICTS)) {
    for (const scenario of Object.keys(scenarios)) {
      it(`should give ${target} in ${scenario} its known verdicts`, () => {
        const rows = report.results.filter((r) => r.target === target && r.scenario === scenario);
        expect(rows.length).toBe(RESULTS_PER_SUITE);
        expect(verdictMismatches(rows, scenarios[scenario] ?? {})).toEqual([]);
      });
    }
  }

  it("should diagnose nat-unadvertised naming each server's own setting", () => {
    const find = (target: string, check = "address.public") =>
      report.results.find((r) => r.target === target && r.scenario === "nat-unadvertised" && r.check === check);
    for (const target of ["vsftpd", "proftpd"]) {
      expect(find(target, "address.diagnosis")?.observed).toMatch(
        /^10\.\d+\.\d+\.3 is the server's own address on its private network; from the client: no route/,
      );
    }
    expect(find("vsftpd")?.hint).toMatch(/^set pasv_address=(198\.51\.100|203\.0\.113)\.\d+/);
    expect(find("proftpd")?.hint).toMatch(/^set MasqueradeAddress (198\.51\.100|203\.0\.113)\.\d+/);
  });

  it("should decide an unreachable advertised address at once, not on a client timeout", () => {
    const rows = report.results.filter(
      (r) => r.scenario === "nat-unadvertised" && ["pasv.connectable", "client.curl-strict"].includes(r.check),
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.observed).toMatch(/no route from the client host|Network is unreachable/);
    }
  });

  it.runIf(chromiumInstalled() || process.env.CI === "true")(
    "should show the run in report.html, in headless Chromium, with vsftpd's EPSV ALL failure and its evidence",
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(dir, "report.html")).href);
        for (const target of ["vsftpd", "proftpd"]) {
          expect(await page.locator(`table.matrix[data-target="${target}"] tr`).count()).toBe(RESULTS_PER_SUITE + 1);
        }
        const failing = report.results.find(
          (r) => r.target === "vsftpd" && r.scenario === "nat" && r.check === "epsv.all",
        );
        if (!failing) throw new Error("no vsftpd nat epsv.all result");
        const evidence = await openEvidenceFromCell(page, failing);
        expect(await evidence.locator("pre.transcript").innerText()).toContain("EPSV ALL");
      } finally {
        await browser.close();
      }
    },
    60000,
  );

  it("should show the client matrix: curl-strict follows the private 227, the others cope", async () => {
    const markdown = await readFile(join(dir, "report.md"), "utf8");
    expect(markdown).toContain("## Real clients");
    expect(markdown).toMatch(/\| curl-strict \| pass \(PASV\) \| pass \(PASV\) \| expected fail \(PASV\) \|/);
    expect(markdown).toMatch(/\| curl \| pass \(EPSV\) \| pass \(EPSV\) \| pass \(EPSV\) \|/);
  });

  it("should write JUnit and Markdown with every result, and no password anywhere", async () => {
    const junit = await readFile(join(dir, "junit.xml"), "utf8");
    const markdown = await readFile(join(dir, "report.md"), "utf8");
    const json = await readFile(join(dir, "report.json"), "utf8");
    // Not-applicable results are no tests (docs/report.md): JUnit counts what ran.
    expect(junit).toContain(`tests="${report.summary.ran}"`);
    expect(junit).toContain('classname="vsftpd.nat-unadvertised" name="address.public"');
    expect(markdown).toContain("| `address.public` | MUST | pass | pass | expected fail | pass | pass |");
    for (const text of [junit, markdown, json]) {
      expect(text).toContain("PASS ****");
      expect(text).not.toContain("ftppass");
    }
  });
});
