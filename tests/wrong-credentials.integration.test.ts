import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../harness/paths.js";
import { runCli } from "./run-cli.js";

/** A profile with a wrong password, as a new user may write one: one line, exit 2, no report of 30 failures. */
describe("a profile whose credentials the server refuses", { timeout: 120000 }, () => {
  it("should stop with exit 2 naming credentials, before any check result", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ftpc-credentials-"));
    try {
      const shipped = await readFile(join(packageRoot(), "profiles", "vsftpd.yaml"), "utf8");
      const profile = join(dir, "wrong-password.yaml");
      await writeFile(
        profile,
        shipped
          .replace("name: vsftpd", "name: wrong-password")
          .replace("build: ../docker/vsftpd", `build: ${join(packageRoot(), "docker", "vsftpd")}`)
          .replace("password: ftppass", "password: not-the-password"),
      );
      const reportDir = join(dir, "report");
      const run = await runCli([
        "run",
        "--quiet",
        "--target",
        profile,
        "--scenario",
        "direct",
        "--report-dir",
        reportDir,
      ]).done;
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(
          /^ftp-conformance: profile .*wrong-password\.yaml: credentials: the server refused the login for 'ftpuser' \(login refused: PASS got '530 Login incorrect\.'\)$/,
        ),
      ]);
      await expect(readFile(join(reportDir, "report.json"), "utf8")).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
