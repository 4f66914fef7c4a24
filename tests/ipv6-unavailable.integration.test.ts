import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../harness/paths.js";
import type { RunReport } from "../harness/report/run-report.js";
import { RESULTS_PER_SUITE } from "./known-verdicts.js";
import { runCli } from "./run-cli.js";

/**
 * A server that listens on IPv4 only, in an IPv6 scenario: pyftpdlib's shipped profile binds
 * 0.0.0.0 and does not say so. The pair is skipped, each result naming why, never failed or errored.
 * The startup wait is cut to 5 s: the greeting wait runs after pyftpdlib's start line, so by then a
 * refusal is final (the test's own bound leaves room for a first build of the image).
 */
describe("a server that does not listen on IPv6, in ipv6-direct", { timeout: 600000 }, () => {
  it("should skip every check of the pair, saying the server refused every IPv6 connection", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ftpc-ipv4-only-"));
    try {
      const shipped = await readFile(join(packageRoot(), "profiles", "pyftpdlib.yaml"), "utf8");
      const profile = join(dir, "ipv4-only.yaml");
      const written = shipped
        .replace("name: pyftpdlib", "name: ipv4-only")
        .replace("build: ../docker/pyftpdlib", `build: ${join(packageRoot(), "docker", "pyftpdlib")}`)
        .replace("timeoutSeconds: 30 }", "timeoutSeconds: 5 }");
      expect(written).toContain("timeoutSeconds: 5 }");
      await writeFile(profile, written);
      const reportDir = join(dir, "report");
      const args = ["run", "--quiet", "--target", profile, "--scenario", "ipv6-direct", "--captures", "off"];
      const run = await runCli([...args, "--report-dir", reportDir]).done;
      expect(run.code, run.stderr).toBe(0);
      const why =
        "ipv4-only refused every connection to its control port over IPv6 (it does not listen on IPv6): " +
        "configure it to, or declare applies.ipv6: false in its profile";
      expect(run.stderr).toContain(why);
      const report = JSON.parse(await readFile(join(reportDir, "report.json"), "utf8")) as RunReport;
      expect(report.pairs).toEqual(["ipv4-only/ipv6-direct"]);
      expect(report.results).toHaveLength(RESULTS_PER_SUITE);
      for (const result of report.results) {
        expect(result).toMatchObject({ verdict: "skipped", skipKind: "not-run", observed: why });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
