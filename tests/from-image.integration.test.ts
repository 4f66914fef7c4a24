import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { EnvironmentError } from "../harness/errors.js";
import { BOOTSTRAPPED_BASE_IMAGE, imageExists, resolveBaseImage } from "../harness/images/base-image.js";
import { ensureTargetImage } from "../harness/images/target-image.js";
import { silentProgress, type Progress } from "../harness/progress.js";
import { loadProfile } from "../harness/targets/load-profile.js";
import type { TargetSpec } from "../harness/targets/target-spec.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";

const tempDir = tempDirs();

/** The profile's one target. */
const only = (targets: TargetSpec[]): TargetSpec => targets[0] as TargetSpec;

/** A profile building `dockerfile` (a label makes its content, and so its image, this test's own). */
async function profileWith(dockerfile: string): Promise<string> {
  const dir = tempDir("ftpc-from-");
  await mkdir(join(dir, "image"));
  await writeFile(join(dir, "image", "Dockerfile"), `${dockerfile}LABEL io.ftp-conformance.test="${dir}"\n`);
  await writeFile(
    join(dir, "profile.yaml"),
    "name: from-test\nimage: { build: ./image }\ncredentials: { user: u, password: p }\n" +
      "passiveRange: { min: 40000, max: 40009 }\nservedDirectory: /srv\n",
  );
  return join(dir, "profile.yaml");
}

describe("a target Dockerfile with its own FROM", { timeout: 240000 }, () => {
  it("should build FROM debian:bookworm-slim, standing the bootstrapped base in only where the engine lacks that name", async () => {
    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const hadSlim = await imageExists(docker, "debian:bookworm-slim");
    const idBefore = hadSlim ? (await docker.getImage("debian:bookworm-slim").inspect()).Id : undefined;
    const warnings: string[] = [];
    const progress: Progress = { step: () => {}, warn: (message) => warnings.push(message) };
    const target = only(loadProfile(await profileWith("FROM debian:bookworm-slim\n")));
    const tag = await ensureTargetImage(docker, target, base, progress);
    try {
      expect(tag).toMatch(/^ftp-conformance\/target:[0-9a-f]{16}$/);
      const slimId = (await docker.getImage("debian:bookworm-slim").inspect()).Id;
      if (hadSlim) {
        // The user's image is never replaced.
        expect(slimId).toBe(idBefore);
        expect(warnings).toEqual([]);
      } else if (base === BOOTSTRAPPED_BASE_IMAGE) {
        expect(slimId).toBe((await docker.getImage(BOOTSTRAPPED_BASE_IMAGE).inspect()).Id);
        expect(warnings.join("\n")).toContain(`tagged the harness's Debian bookworm base ${BOOTSTRAPPED_BASE_IMAGE}`);
      }
      const built = await docker.getImage(tag).inspect();
      expect(built.Config.Labels?.["io.ftp-conformance.managed"]).toBe("true");
    } finally {
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
      // Leave the engine's names as they were.
      if (!hadSlim)
        await docker
          .getImage("debian:bookworm-slim")
          .remove({ noprune: true })
          .catch(() => undefined);
    }
  });

  it("should refuse a FROM image that cannot be pulled in one line naming it and BASE_IMAGE", async () => {
    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    // A registry on the engine's loopback that does not answer: the pull fails at once, offline.
    const target = only(loadProfile(await profileWith("FROM 127.0.0.1:1/nowhere/ftp:1\n")));
    const error = await ensureTargetImage(docker, target, base, silentProgress).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      /^target from-test \(.*profile\.yaml\): image\.build '.*image': FROM 127\.0\.0\.1:1\/nowhere\/ftp:1 is not on the engine and cannot be pulled \(.+\); build on the Debian bookworm base the harness has with 'ARG BASE_IMAGE' and 'FROM \$\{BASE_IMAGE\}'/,
    );
  });

  it("should say so when FROM uses an ARG the Dockerfile never declares", async () => {
    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const target = only(loadProfile(await profileWith("FROM ${BASE_IMAGE}\n")));
    await expect(ensureTargetImage(docker, target, base, silentProgress)).rejects.toThrow(
      "FROM ${BASE_IMAGE} names no image: declare the ARG it uses before the first FROM",
    );
  });
});
