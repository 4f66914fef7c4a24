import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { removeTranspiledPackage } from "../harness/testing/transpiled-package.js";
import { runCli } from "./run-cli.js";

/** An engine address that cannot answer: a usage error must come first. */
const NO_ENGINE = { DOCKER_HOST: "tcp://127.0.0.1:1" };

// Each test is its own CLI process, so they may run side by side.
describe("CLI usage errors", { timeout: 30000, concurrent: true }, () => {
  afterAll(removeTranspiledPackage);
  const tempDir = tempDirs();

  it.each([
    [["run", "--target", "nope"], "--target 'nope' is neither a built-in server (proftpd, "],
    [["run", "--shard", "0/2"], "--shard must be i/n"],
    [["run", "--scenario", "moon"], "--scenario 'moon' is not known"],
    [["run", "--only", "zzz.*"], "check pattern 'zzz.*' matches no check"],
    [["run", "--bogus"], "unknown option '--bogus'"],
    [["explode"], "unknown command 'explode'"],
    [["cleanup", "--target", "x"], "'cleanup' takes only --quiet"],
    [["run", "--strict=yes"], "--strict takes no value"],
    [["run", "--baseline", "nope.yaml"], "ftp-conformance: baseline nope.yaml: no such file"],
    [["run", "--baseline-strict"], "--baseline-strict needs --baseline FILE"],
  ])("%j exits 2 naming the problem, before touching the engine", async (args, message) => {
    const { code, stderr } = await runCli(args, NO_ENGINE, "compiled").done;
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("should refuse a profile with a typo in one line naming the field, before touching the engine", async () => {
    const dir = tempDir("ftpc-cli-profile-");
    const profile = join(dir, "typo.yaml");
    await writeFile(
      profile,
      "name: mine\nimage: { ref: example/ftp:1 }\ncredentials: { user: u, password: p }\n" +
        "pasiveRange: { min: 40000, max: 40009 }\nservedDirectory: /srv\n",
    );
    const { code, stderr } = await runCli(["run", "--target", profile], NO_ENGINE, "compiled").done;
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `ftp-conformance: profile ${profile}: pasiveRange: unknown field (did you mean 'passiveRange'?)`,
    );
  });

  it("should refuse a profile rule naming no check", async () => {
    const dir = tempDir("ftpc-cli-profile-");
    const profile = join(dir, "rule.json");
    await writeFile(
      profile,
      JSON.stringify({
        name: "mine",
        image: { ref: "example/ftp:1" },
        credentials: { user: "u", password: "p" },
        passiveRange: { min: 40000, max: 40009 },
        servedDirectory: "/srv",
        applies: { skip: [{ check: "epsv.nonsense", reason: "x" }] },
      }),
    );
    const { code, stderr } = await runCli(["run", "--target", profile], NO_ENGINE, "compiled").done;
    expect(code).toBe(2);
    expect(stderr).toContain("applies.skip[0].check: 'epsv.nonsense' matches no check (see --list)");
  });

  it("should refuse a baseline entry naming no check in one line, before touching the engine", async () => {
    const dir = tempDir("ftpc-cli-baseline-");
    const file = join(dir, "known.yaml");
    await writeFile(
      file,
      "failures:\n  - { target: vsftpd, scenario: nat, check: epsv.alll, verdict: fail, reason: upstream }\n",
    );
    const { code, stderr } = await runCli(["run", "--baseline", file], NO_ENGINE, "compiled").done;
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      `ftp-conformance: baseline ${file}: failures[0].check: 'epsv.alll' is not a check (see --list)`,
    );
  });

  it("should exit 2 with a clear message when the engine named by DOCKER_HOST does not answer", async () => {
    const { code, stderr } = await runCli(["run", "--quiet"], NO_ENGINE, "compiled").done;
    expect(code).toBe(2);
    expect(stderr).toContain("no Docker engine answers at DOCKER_HOST=tcp://127.0.0.1:1");
  });

  it.each([
    [["run", "--help"], "Usage: ftp-conformance run [options]", "--concurrency N"],
    [["merge", "--help"], "Usage: ftp-conformance merge DIR...", "--report-dir DIR"],
    [["baseline", "--help"], "Usage: ftp-conformance baseline REPORT [--out FILE]", "--out FILE"],
    [["cleanup", "--help"], "Usage: ftp-conformance cleanup [--quiet]", "--quiet"],
    [["--help"], "Usage: ftp-conformance <command> [options]", "'ftp-conformance <command> --help'"],
  ])("%j prints that help and exits 0 without touching the engine", async (args, usage, option) => {
    const { code, stdout, stderr } = await runCli(args, NO_ENGINE, "compiled").done;
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.startsWith(usage)).toBe(true);
    expect(stdout).toContain(option);
  });

  it("should list the catalogue with IDs, levels and sources", async () => {
    const { code, stdout } = await runCli(["--list"], {}, "compiled").done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pasv\.reply\s+MUST\s+RFC 959/m);
    expect(stdout).toMatch(/^epsv\.reply\s+SHOULD\s+RFC 2428/m);
  });
});
