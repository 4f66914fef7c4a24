import { createHash } from "node:crypto";
import { open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sleep } from "../util/deadline.js";

const POLL_MS = 250;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Runs `build` holding a lock file for `tag` on this machine, so two runs that need the same new
 * image build it once (the second then finds it cached) instead of racing and leaving the loser's
 * image untagged. A lock whose process is gone is taken over; the wait is bounded.
 */
export async function withBuildLock<T>(tag: string, timeoutMs: number, build: () => Promise<T>): Promise<T> {
  const file = join(
    tmpdir(),
    `ftp-conformance-build-${createHash("sha256").update(tag).digest("hex").slice(0, 16)}.lock`,
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(file, "utf8").catch(() => ""));
      if (holder > 0 && !alive(holder)) await rm(file, { force: true });
      else if (Date.now() > deadline) throw new Error(`another run has been building ${tag} for too long (${file})`);
      else await sleep(POLL_MS);
    }
  }
  try {
    return await build();
  } finally {
    await rm(file, { force: true });
  }
}
