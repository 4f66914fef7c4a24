import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { CATALOGUE } from "../../suites/catalogue.js";
import { packageRoot } from "../paths.js";
import { builtinTargets } from "../targets/builtin-targets.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { checkReference } from "./check-reference.js";

/** Where the check reference lives in the package. */
export function checkReferencePath(): string {
  return join(packageRoot(), "docs", "checks.md");
}

/**
 * The check reference as docs/checks.md holds it: every check, every scenario, the built-in targets,
 * formatted as `prettier --check .` expects (it aligns the tables), so the lint passes on the file.
 */
export async function formattedCheckReference(): Promise<string> {
  const path = checkReferencePath();
  const markdown = checkReference(CATALOGUE, SCENARIOS, builtinTargets());
  return format(markdown, { ...(await resolveConfig(path)), filepath: path });
}
