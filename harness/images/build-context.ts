import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { dockerContextDir } from "../paths.js";
import { bundleProgram, CLIENT_IMAGE_PROGRAMS, PROGRAM_MODE, type InImageProgram } from "./in-image-programs.js";

/** Programs a role's image runs, bundled from their TypeScript sources when its context is assembled. */
const PROGRAMS: Readonly<Record<string, readonly InImageProgram[]>> = { client: CLIENT_IMAGE_PROGRAMS };

/**
 * Calls `use` with the build context of a role: docker/<role>, plus its bundled programs when it
 * has them (each with everything it imports, basic-ftp included: the image needs no node_modules
 * and runs the version the harness pins). The image tag is a digest of this assembled directory,
 * so a change to a program's sources rebuilds the image.
 */
export async function withBuildContext<T>(role: string, use: (dir: string) => Promise<T>): Promise<T> {
  const programs = PROGRAMS[role] ?? [];
  if (programs.length === 0) return use(dockerContextDir(role));
  const dir = await mkdtemp(join(tmpdir(), `ftp-conformance-${role}-`));
  try {
    await cp(dockerContextDir(role), dir, { recursive: true });
    for (const program of programs) {
      await mkdir(dirname(join(dir, program.file)), { recursive: true });
      await writeFile(join(dir, program.file), await bundleProgram(program), { mode: PROGRAM_MODE });
    }
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
