import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";

/** A digest of every file in a build context (names, executable bits, bytes) plus extra inputs such as the base. */
export async function contextDigest(dir: string, extra: string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await listFiles(dir)) {
    hash
      .update(relative(dir, file))
      .update((await stat(file)).mode & 0o111 ? "\0x" : "\0")
      .update(await readFile(file))
      .update("\0");
  }
  for (const item of extra) hash.update(item).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** Every file under `dir`, in a stable order. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
