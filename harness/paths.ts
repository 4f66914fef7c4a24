import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's root, found from this file whether it runs from harness/ (tsx) or dist/harness/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "ftp-conformance") return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("ftp-conformance: cannot find the package root");
    dir = parent;
  }
}

export function dockerContextDir(role: string): string {
  return join(packageRoot(), "docker", role);
}

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")).version as string;
}
