import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { silentProgress } from "../harness/progress.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { runCli } from "./run-cli.js";

/** Every container on the engine, running or not. */
async function containerIds(): Promise<string[]> {
  const docker = await ensureEngine(silentProgress);
  return (await docker.listContainers({ all: true })).map((c) => c.Id);
}

describe("a profile whose image does not build", { timeout: 180000 }, () => {
  const tempDir = tempDirs();

  it("should exit 2 naming the target, the field and the build's error, and leave no container", async () => {
    const dir = tempDir("ftpc-broken-");
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
    const before = await containerIds();
    const run = await runCli(["run", "--quiet", "--target", join(dir, "broken.yaml"), "--scenario", "direct"]).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^ftp-conformance: target broken \(.*broken\.yaml\): building image\.build '.*image' failed: .*returned a non-zero code: 3/m,
    );
    // The failed step's intermediate container goes with it.
    expect((await containerIds()).filter((id) => !before.includes(id))).toEqual([]);
  });
});
