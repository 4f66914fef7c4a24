import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("CLI usage errors", { timeout: 30000 }, () => {
  it.each([
    [["run", "--target", "nope"], "--target 'nope' is not known (known: vsftpd, proftpd)"],
    [["run", "--scenario", "moon"], "--scenario 'moon' is not known"],
    [["run", "--only", "zzz.*"], "check pattern 'zzz.*' matches no check"],
    [["run", "--bogus"], "unknown option '--bogus'"],
    [["explode"], "unknown command 'explode'"],
  ])("%j exits 2 naming the problem, before touching the engine", async (args, message) => {
    // An engine address that cannot answer: a usage error must come first.
    const { code, stderr } = await runCli(args, { DOCKER_HOST: "tcp://127.0.0.1:1" }).done;
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("should exit 2 with a clear message when the engine named by DOCKER_HOST does not answer", async () => {
    const { code, stderr } = await runCli(["run", "--quiet"], { DOCKER_HOST: "tcp://127.0.0.1:1" }).done;
    expect(code).toBe(2);
    expect(stderr).toContain("no Docker engine answers at DOCKER_HOST=tcp://127.0.0.1:1");
  });

  it("should list the catalogue with IDs, levels and sources", async () => {
    const { code, stdout } = await runCli(["--list"]).done;
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pasv\.reply\s+MUST\s+RFC 959/m);
    expect(stdout).toMatch(/^epsv\.reply\s+SHOULD\s+RFC 2428/m);
  });
});
