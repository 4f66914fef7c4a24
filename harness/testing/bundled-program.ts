import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleProgramSync, type InImageProgram } from "../images/in-image-programs.js";

let dir: string | undefined;
const paths = new Map<string, string>();

/**
 * A program bundled as the client image gets it, once per process, in a directory removed at
 * exit: the self-tests run the same code the image does.
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
  writeFileSync(path, bundleProgramSync(program));
  paths.set(program.file, path);
  return path;
}
