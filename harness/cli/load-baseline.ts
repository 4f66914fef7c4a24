import { readFileSync, statSync } from "node:fs";
import { CATALOGUE } from "../../suites/catalogue.js";
import { BaselineError } from "../errors.js";
import { withBaseline } from "../report/baseline-compare.js";
import { parseBaseline, type Baseline } from "../report/baseline-file.js";
import type { RunReport } from "../report/run-report.js";
import { builtinTargets } from "../targets/builtin-targets.js";
import { SCENARIOS } from "../topology/scenarios.js";
import type { BaselineOption } from "./parse-args.js";

/**
 * What --baseline does to a report, the file loaded now (before anything starts): the report
 * judged against it (RunReport.baseline, and the outcome that follows), or unchanged without one.
 */
export function baselineJudge(
  option: BaselineOption | undefined,
  targets: ReadonlyArray<{ name: string; variantOf?: string }>,
): (report: RunReport) => RunReport {
  if (!option) return (report) => report;
  // A profile's name is a target a baseline may name when the run has its variants.
  const baseline = loadBaseline(
    option.file,
    targets.flatMap((t) => [t.name, ...(t.variantOf ? [t.variantOf] : [])]),
  );
  const variantOf = (name: string) => targets.find((t) => t.name === name)?.variantOf;
  return (report) => withBaseline(report, baseline, option.strict, variantOf);
}

/**
 * Reads --baseline FILE before anything starts. Its entries may name the built-in servers and
 * `targets` (this run's, or the merged reports'), the scenarios and the checks; anything else, or a
 * malformed file, is a BaselineError naming the field.
 */
export function loadBaseline(file: string, targets: readonly string[]): Baseline {
  return parseBaseline(readBaselineText(file), file, {
    targets: [...new Set([...builtinTargets().map((t) => t.name), ...targets])],
    scenarios: SCENARIOS.map((s) => s.name),
    checks: CATALOGUE,
  });
}

/** The file's text; a missing or unreadable file is a BaselineError. */
export function readBaselineText(file: string): string {
  try {
    if (!statSync(file).isFile()) throw new BaselineError(`baseline ${file}: not a file`);
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(`baseline ${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}
