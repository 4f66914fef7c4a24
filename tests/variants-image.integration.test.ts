import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { resolveBaseImage } from "../harness/images/base-image.js";
import { ensureTargetImage } from "../harness/images/target-image.js";
import { packageRoot } from "../harness/paths.js";
import { silentProgress, type Progress } from "../harness/progress.js";
import { loadProfile } from "../harness/targets/load-profile.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";

describe("targets sharing a build context", { timeout: 300000 }, () => {
  const tempDir = tempDirs();

  it("should run a profile's three variants and another profile of the same context on one image", async () => {
    const example = join(packageRoot(), "examples/custom-vsftpd");
    const dir = tempDir("ftpc-variants-");
    // The example profile, elsewhere, under another name, with three variants.
    const text = (await readFile(join(example, "profile.yaml"), "utf8"))
      .replace("name: custom-vsftpd", "name: variants-test")
      .replace(/build: \. /, `build: ${example} `)
      .replace("template: ./vsftpd.conf.tmpl", `template: ${example}/vsftpd.conf.tmpl`);
    await writeFile(
      join(dir, "profile.yaml"),
      `${text}variants:\n  - { name: a }\n  - { name: b, environment: { B: "1" } }\n  - { name: c, command: [/bin/true] }\n`,
    );
    const targets = [...loadProfile(join(dir, "profile.yaml")), ...loadProfile(join(example, "profile.yaml"))];
    expect(targets.map((t) => t.name)).toEqual([
      "variants-test-a",
      "variants-test-b",
      "variants-test-c",
      "custom-vsftpd",
    ]);

    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const steps: string[] = [];
    const progress: Progress = { step: (message) => steps.push(message), warn: (message) => steps.push(message) };
    const tags = [];
    for (const target of targets) tags.push(await ensureTargetImage(docker, target, base, progress));
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toMatch(/^ftp-conformance\/target:[0-9a-f]{16}$/);
    // Built at most once (not at all when an earlier test built the example), then found for the others.
    expect(steps.filter((s) => /: building /.test(s)).length).toBeLessThanOrEqual(1);
    expect(steps.filter((s) => /: cached /.test(s)).length).toBeGreaterThanOrEqual(3);
  });
});
