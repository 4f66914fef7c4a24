import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { packageRoot } from "../paths.js";

/** What the harness reads from the package at run time (packageRoot()), linked into the copy as they are. */
const LINKED = ["package.json", "node_modules", "docker", "profiles", "schema", "docs"];
/** The sources a run loads, as `npm run build` compiles them (tsconfig.build.json). */
const SOURCES = ["harness", "suites"];

let root: string | undefined;

/**
 * The package with harness/ and suites/ as plain JavaScript, made once per process in a directory
 * removed at exit: the CLI started from it (`node <root>/harness/cli/main.js`) is the one `npm run
 * build` makes, without tsx transforming each of its modules again in every process a test starts.
 */
export function transpiledPackage(): string {
  if (root) return root;
  const source = packageRoot();
  const created = mkdtempSync(join(tmpdir(), "ftp-conformance-package-"));
  process.once("exit", removeTranspiledPackage);
  buildSync({
    entryPoints: SOURCES.flatMap((dir) => typeScriptFiles(join(source, dir))),
    outbase: source,
    outdir: created,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
  });
  for (const name of LINKED) symlinkSync(join(source, name), join(created, name));
  root = created;
  return created;
}

/**
 * Removes the copy (a test file's afterAll: a test runner may end its workers without their exit
 * handlers running); the next transpiledPackage() makes another.
 */
export function removeTranspiledPackage(): void {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
}

/** The .ts files under `dir` that are not self-tests. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}
