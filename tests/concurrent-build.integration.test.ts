import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { imageExists, resolveBaseImage } from "../harness/images/base-image.js";
import { ensureImageFrom } from "../harness/images/role-images.js";
import { silentProgress } from "../harness/progress.js";
import { MANAGED_LABEL } from "../harness/resources/labels.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";

describe("two runs building the same new image at once", { timeout: 120000 }, () => {
  const tempDir = tempDirs();

  it("should end with the tag and no untagged image of ours", async () => {
    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const dir = tempDir("ftpc-twice-");
    await writeFile(join(dir, "Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY stamp /stamp\n");
    await writeFile(join(dir, "stamp"), `${Date.now()} ${Math.random()}\n`);
    const context = { name: "concurrent-build-test", repository: "target", dir };
    const [first, second] = await Promise.all([
      ensureImageFrom(docker, context, base, silentProgress),
      ensureImageFrom(docker, context, base, silentProgress),
    ]);
    try {
      expect(first).toBe(second);
      const dangling = await docker.listImages({
        filters: { dangling: ["true"], label: [`${MANAGED_LABEL}=true`] },
      });
      expect(dangling.map((i) => i.Id)).toEqual([]);
      expect(await imageExists(docker, first)).toBe(true);
    } finally {
      await docker
        .getImage(first)
        .remove()
        .catch(() => undefined);
    }
  });
});
