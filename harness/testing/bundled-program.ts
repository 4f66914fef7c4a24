import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundleProgramSync, PROGRAM_MODE, type InImageProgram } from "../images/in-image-programs.js";

const PREFIX = "ftp-conformance-programs-";

let dir: string | undefined;
const paths = new Map<string, string>();

/**
 * A program bundled as the client image gets it, once per process, at its path in the image's
 * build context inside a directory of this process (named by its pid), removed at exit: the
 * self-tests run the same code the image does. A test runner may end its workers without their
 * exit handlers, so the first bundle of a process also removes the directories of processes gone.
 */
export function bundledProgram(program: InImageProgram): string {
  const known = paths.get(program.file);
  if (known) return known;
  if (!dir) {
    removeDeadProcessesDirectories();
    const created = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    process.once("exit", () => rmSync(created, { recursive: true, force: true }));
    dir = created;
  }
  const path = join(dir, program.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bundleProgramSync(program), { mode: PROGRAM_MODE });
  paths.set(program.file, path);
  return path;
}

function removeDeadProcessesDirectories(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split("-")[0]);
    // Directories of an older layout (no pid) and of processes that no longer run.
    if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
