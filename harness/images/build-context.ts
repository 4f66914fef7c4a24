import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dockerContextDir } from "../paths.js";
import { bundleProgram, CLIENT_IMAGE_PROGRAMS, type InImageProgram } from "./in-image-programs.js";

/**
 * Node packages a role's image carries, copied from this package's own dependencies at build
 * time: no registry is needed inside the build, and the image runs the version the harness pins.
 */
const VENDORED_PACKAGES: Readonly<Record<string, readonly string[]>> = { client: ["basic-ftp"] };

/** Programs a role's image runs, bundled from their TypeScript sources when its context is assembled. */
const PROGRAMS: Readonly<Record<string, readonly InImageProgram[]>> = { client: CLIENT_IMAGE_PROGRAMS };

/**
 * Calls `use` with the build context of a role: docker/<role>, plus its vendored packages and its
 * bundled programs when it has them. The image tag is a digest of this assembled directory, so a
 * change to a program's sources rebuilds the image.
 */
export async function withBuildContext<T>(role: string, use: (dir: string) => Promise<T>): Promise<T> {
  const vendored = VENDORED_PACKAGES[role] ?? [];
  const programs = PROGRAMS[role] ?? [];
  if (vendored.length === 0 && programs.length === 0) return use(dockerContextDir(role));
  const dir = await mkdtemp(join(tmpdir(), `ftp-conformance-${role}-`));
  try {
    await cp(dockerContextDir(role), dir, { recursive: true });
    const require = createRequire(import.meta.url);
    for (const name of vendored) {
      const source = dirname(require.resolve(`${name}/package.json`));
      await cp(source, join(dir, "node_modules", name), { recursive: true });
    }
    for (const program of programs) await writeFile(join(dir, program.file), await bundleProgram(program));
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
