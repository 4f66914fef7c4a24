import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("a profile whose image does not build", { timeout: 180000 }, () => {
  it("should exit 2 naming the target, the field and the build's error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ftpc-broken-"));
    await mkdir(join(dir, "image"));
    await writeFile(
      join(dir, "image", "Dockerfile"),
      "ARG BASE_IMAGE=debian:bookworm-slim\nFROM ${BASE_IMAGE}\nRUN exit 3\n",
    );
    await writeFile(
      join(dir, "broken.yaml"),
      "name: broken\nimage: { build: ./image }\ncredentials: { user: u, password: p }\n" +
        "passiveRange: { min: 40000, max: 40009 }\nservedDirectory: /srv\n",
    );
    const run = await runCli(["run", "--quiet", "--target", join(dir, "broken.yaml"), "--scenario", "direct"]).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^ftp-conformance: target broken \(.*broken\.yaml\): building image\.build '.*image' failed: /m,
    );
  });
});
