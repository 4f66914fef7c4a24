import { mkdtempSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * New directories in the OS temp dir for the tests of one file or describe block, none left behind:
 * called in the file's body or the block's, it returns `make(prefix)`, which makes one (`<prefix>`
 * and six random characters) and returns its path; all are removed once the file's or block's tests
 * and hooks ended (afterAll), so after any child process a test waited for. Not for the body of a
 * module test files import: it runs once per worker (the unit project does not isolate files).
 */
export function tempDirs(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return (prefix) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** `use` with a new directory in the OS temp dir, removed once `use` settled: for helpers outside a test file's body. */
export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
