/**
 * Every check, in run order: each file here that exports `SUITE_ORDER` and an array of checks
 * (`*_CHECKS`) is a suite, so adding a check is adding a file (or a check to one). Suites run in
 * ascending SUITE_ORDER; server.alive's suite comes last, so it sees what the others did.
 */
import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CheckDefinition } from "../harness/checks/check-definition.js";

const extension = extname(fileURLToPath(import.meta.url));
const directory = fileURLToPath(new URL(".", import.meta.url));

const isCheck = (value: unknown): value is CheckDefinition =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as CheckDefinition).id === "string" &&
  typeof (value as CheckDefinition).run === "function";

async function loadSuites(): Promise<readonly CheckDefinition[]> {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith(extension) && !f.includes(".test.") && !f.endsWith(`.d${extension}`))
    .filter((f) => f !== `catalogue${extension}`)
    .sort();
  const suites = await Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(join(directory, file)).href)) as Record<string, unknown>;
      const checks = Object.entries(module)
        .filter(([name, value]) => name.endsWith("_CHECKS") && Array.isArray(value))
        .flatMap(([, value]) => value as unknown[]);
      if (checks.length === 0) return null;
      if (!checks.every(isCheck))
        throw new Error(`suites/${file}: a *_CHECKS export holds something that is not a check`);
      if (typeof module.SUITE_ORDER !== "number") throw new Error(`suites/${file} exports checks but no SUITE_ORDER`);
      return { file, order: module.SUITE_ORDER, checks };
    }),
  );
  const ordered = suites.filter((s) => s !== null).sort((a, b) => a.order - b.order);
  const all = ordered.flatMap((suite) => suite.checks);
  const seen = new Set<string>();
  for (const check of all) {
    if (seen.has(check.id)) throw new Error(`two checks have the ID '${check.id}'`);
    seen.add(check.id);
  }
  return all;
}

export const CATALOGUE: readonly CheckDefinition[] = await loadSuites();
