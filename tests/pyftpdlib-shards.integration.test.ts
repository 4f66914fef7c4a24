import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { PYFTPDLIB_VERDICTS, RESULTS_PER_SUITE, verdictMismatches } from "./known-verdicts.js";
import { runCli } from "./run-cli.js";
import { chromiumInstalled, launchChromium, openEvidenceFromCell } from "./headless-chromium.js";

const SCENARIOS = Object.keys(PYFTPDLIB_VERDICTS);

/**
 * The extra built-in server, run as a user runs their own image: through its profile file, split
 * in two shards (as two CI runners would), the shards' reports merged.
 */
describe("pyftpdlib through its profile, in two shards merged", { timeout: 600000 }, () => {
  const tempDir = tempDirs();
  const dirs: string[] = [];
  let shards: RunReport[];
  let merged: RunReport;
  let mergeExit: number | null;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) dirs.push(tempDir("ftpc-shard-"));
    const args = ["run", "--quiet", "--target", "profiles/pyftpdlib.yaml", "--scenario", SCENARIOS.join(",")];
    const runs = await Promise.all(
      [1, 2].map((i) => runCli([...args, "--shard", `${i}/2`, "--report-dir", dirs[i - 1] as string]).done),
    );
    for (const run of runs) expect(run.code, run.stderr).toBe(1);
    shards = await Promise.all(
      dirs.slice(0, 2).map(async (d) => JSON.parse(await readFile(join(d, "report.json"), "utf8"))),
    );
    const merge = await runCli([
      "merge",
      dirs[0] as string,
      join(dirs[1] as string, "report.json"),
      "--report-dir",
      dirs[2] as string,
    ]).done;
    mergeExit = merge.code;
    merged = JSON.parse(await readFile(join(dirs[2] as string, "report.json"), "utf8"));
  }, 600000);

  it("should split the pairs between the shards and merge them back to exactly the whole run", () => {
    const [first, second] = shards.map((s) => s.pairs);
    expect(first).toEqual(["pyftpdlib/direct", "pyftpdlib/nat-unadvertised"]);
    expect(second).toEqual(["pyftpdlib/nat", "pyftpdlib/nat-alg"]);
    expect([...merged.pairs].sort()).toEqual(SCENARIOS.map((s) => `pyftpdlib/${s}`).sort());
    expect(merged.results).toHaveLength(SCENARIOS.length * RESULTS_PER_SUITE);
    expect(merged.summary.total).toBe(shards[0]!.summary.total + shards[1]!.summary.total);
    expect(mergeExit).toBe(1);
  });

  for (const scenario of SCENARIOS) {
    it(`should give pyftpdlib in ${scenario} its known verdicts`, () => {
      const rows = merged.results.filter((r) => r.scenario === scenario);
      expect(rows.length).toBe(RESULTS_PER_SUITE);
      expect(verdictMismatches(rows, PYFTPDLIB_VERDICTS[scenario] ?? {})).toEqual([]);
    });
  }

  it.runIf(chromiumInstalled() || process.env.CI === "true")(
    "should show the merged run in report.html, with pyftpdlib's 501 to EPSV 4 and its evidence",
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(dirs[2] as string, "report.html")).href);
        const matrix = page.locator('table.matrix[data-target="pyftpdlib"]');
        expect(await matrix.locator("tr").count()).toBe(RESULTS_PER_SUITE + 1);
        expect(await matrix.locator("th").allInnerTexts()).toEqual(["check", "level", ...SCENARIOS]);
        const failing = merged.results.find((r) => r.scenario === "nat" && r.check === "epsv.net-prt");
        if (!failing) throw new Error("no epsv.net-prt result");
        const evidence = await openEvidenceFromCell(page, failing);
        expect(await evidence.locator("pre.transcript").innerText()).toContain("501 Unknown network protocol");
      } finally {
        await browser.close();
      }
    },
    60000,
  );

  it("should name pyftpdlib's own settings in its fix hints", () => {
    const result = merged.results.find((r) => r.scenario === "nat-unadvertised" && r.check === "address.public");
    expect(result?.hint).toMatch(
      /^start pyftpdlib with --nat-address=198\.51\.100\.\d+|^start pyftpdlib with --nat-address=203\.0\.113\.\d+/,
    );
  });
});
