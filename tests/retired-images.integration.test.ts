import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { imageExists, resolveBaseImage } from "../harness/images/base-image.js";
import { removeRetiredImages } from "../harness/images/role-images.js";
import { silentProgress } from "../harness/progress.js";

describe("images of an older layout", () => {
  it("should be removed, and the current ones kept", async () => {
    const docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    await docker.getImage(base).tag({ repo: "ftp-conformance/vsftpd", tag: "retired-test" });
    // One repository per profile, before targets shared images by content.
    await docker.getImage(base).tag({ repo: "ftp-conformance/target-retired-test", tag: "old" });
    await docker.getImage(base).tag({ repo: "ftp-conformance/target", tag: "kept-test" });
    try {
      // A run in another test file may remove it first: what counts is that it is gone.
      await removeRetiredImages(docker);
      expect(await imageExists(docker, "ftp-conformance/vsftpd:retired-test")).toBe(false);
      expect(await imageExists(docker, "ftp-conformance/target-retired-test:old")).toBe(false);
      expect(await imageExists(docker, "ftp-conformance/target:kept-test")).toBe(true);
      expect(await imageExists(docker, base)).toBe(true);
    } finally {
      await docker
        .getImage("ftp-conformance/target:kept-test")
        .remove()
        .catch(() => undefined);
    }
  });
});
