import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { CATALOGUE } from "../../suites/catalogue.js";
import type { CheckDefinition } from "../checks/check-definition.js";
import { packageRoot } from "../paths.js";
import { builtinTargets } from "../targets/builtin-targets.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { locateChecks, readSuiteFiles } from "./check-locations.js";
import { checkReference } from "./check-reference.js";

/** Where the check reference lives in the package. */
export function checkReferencePath(): string {
  return join(packageRoot(), "docs", "checks.md");
}

/**
 * The check reference as docs/checks.md holds it: every check, every scenario, the built-in targets,
 * each check's file and self-tests as found in `root`'s suites/, formatted as `prettier --check .`
 * expects (it aligns the tables), so the lint passes on the file. `checks` and `root` are the
 * package's own unless a test gives a copy.
 */
export async function formattedCheckReference(
  checks: readonly CheckDefinition[] = CATALOGUE,
  root: string = packageRoot(),
): Promise<string> {
  const path = checkReferencePath();
  const { locations, unfound } = locateChecks(
    checks.map((check) => check.id),
    readSuiteFiles(root),
  );
  if (unfound.length > 0) throw new Error(`docs/checks.md cannot name these checks' files:\n${unfound.join("\n")}`);
  const markdown = checkReference(checks, SCENARIOS, builtinTargets(), locations);
  return format(markdown, { ...(await resolveConfig(path)), filepath: path });
}
