import { resultKey } from "../checks/check-result.js";
import type { BaselineComparison } from "./baseline-comparison.js";
import { newFailuresByDiagnosis } from "./baseline-compare.js";
import { diagnosisAnchor, resultAnchor } from "./report-anchors.js";
import type { RunReport } from "./run-report.js";

const inline = (text: string) => text.replace(/\n/g, " / ").replace(/\|/g, "\\|");
const named = (r: { target: string; scenario: string; check: string; variant?: string }) =>
  `${r.target} / ${r.scenario} / \`${resultKey(r.check, r.variant)}\``;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The counts line both readable reports give a baseline. Pure. */
export function baselineCounts(comparison: BaselineComparison): string {
  const strict = comparison.strict ? ": --baseline-strict fails the run on them" : "";
  const notDecided =
    comparison.notDecided > 0 ? `, ${plural(comparison.notDecided, "entry", "entries")} not decided in this run` : "";
  return (
    `${plural(comparison.newFailures.length, "new failure")} (not in it: they fail the run), ` +
    `${comparison.known.length} known (accepted), ${comparison.fixed.length} fixed (in it, no longer failing${strict})` +
    notDecided
  );
}

/**
 * report.md's section on a baseline (run/merge --baseline), after the headline: the new failures
 * first, then the fixed entries, then the known failures with their reasons. Empty without one.
 */
export function renderBaselineMarkdown(report: RunReport): string[] {
  const comparison = report.baseline;
  if (!comparison) return [];
  const out = ["## Against the baseline", "", `Baseline \`${comparison.file}\`: ${baselineCounts(comparison)}.`, ""];
  if (comparison.newFailures.length > 0) {
    out.push("New failures:", "");
    for (const { diagnosis, failures } of newFailuresByDiagnosis(report)) {
      if (diagnosis) {
        out.push(`- Under [${diagnosis.target}: ${inline(diagnosis.finding)}](#${diagnosisAnchor(diagnosis)}):`);
      }
      for (const r of failures) {
        const listed = r.listedAs ? ` (the baseline lists it as ${r.listedAs})` : "";
        out.push(`${diagnosis ? "  " : ""}- [${named(r)}](#${resultAnchor(r)}): ${r.verdict}${listed}`);
      }
    }
    out.push("");
  }
  if (comparison.fixed.length > 0) {
    out.push("Fixed (remove them from the baseline):", "");
    for (const e of comparison.fixed) out.push(`- ${named(e)}: ${e.verdict} in the baseline, ${e.now} now`);
    out.push("");
  }
  if (comparison.known.length > 0) {
    out.push("Known failures:", "");
    for (const r of comparison.known)
      out.push(`- [${named(r)}](#${resultAnchor(r)}): ${r.verdict}: ${inline(r.reason)}`);
    out.push("");
  }
  return out;
}
