import { cp, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dockerContextDir } from "../paths.js";

/**
 * Node packages a role's image carries, copied from this package's own dependencies at build
 * time: no registry is needed inside the build, and the image runs the version the harness pins.
 */
const VENDORED_PACKAGES: Readonly<Record<string, readonly string[]>> = { client: ["basic-ftp"] };

/** Calls `use` with the build context of a role: docker/<role>, plus its vendored packages when it has any. */
export async function withBuildContext<T>(role: string, use: (dir: string) => Promise<T>): Promise<T> {
  const vendored = VENDORED_PACKAGES[role] ?? [];
  if (vendored.length === 0) return use(dockerContextDir(role));
  const dir = await mkdtemp(join(tmpdir(), `ftp-conformance-${role}-`));
  try {
    await cp(dockerContextDir(role), dir, { recursive: true });
    const require = createRequire(import.meta.url);
    for (const name of vendored) {
      const source = dirname(require.resolve(`${name}/package.json`));
      await cp(source, join(dir, "node_modules", name), { recursive: true });
    }
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
