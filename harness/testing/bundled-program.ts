import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundleProgramSync, programMode, type InImageProgram } from "../images/in-image-programs.js";

let dir: string | undefined;
const paths = new Map<string, string>();

/**
 * A program bundled as the client image gets it, once per process, at its path in the image's
 * build context inside a directory removed at exit: the self-tests run the same code the image does.
 */
export function bundledProgram(program: InImageProgram): string {
  const known = paths.get(program.file);
  if (known) return known;
  if (!dir) {
    const created = mkdtempSync(join(tmpdir(), "ftp-conformance-programs-"));
    process.once("exit", () => rmSync(created, { recursive: true, force: true }));
    dir = created;
  }
  const path = join(dir, program.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bundleProgramSync(program), { mode: programMode(program) });
  paths.set(program.file, path);
  return path;
}
