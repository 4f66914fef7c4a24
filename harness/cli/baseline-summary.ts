import { resultKey } from "../checks/check-result.js";
import type { BaselineComparison } from "../report/baseline-comparison.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const where = (r: { target: string; scenario: string; check: string; variant?: string }) =>
  `${r.target}/${r.scenario} ${resultKey(r.check, r.variant)}`;

/**
 * The console's lines about a baseline, after the summary line: the counts, then each new failure
 * (first: they fail the run), then each fixed entry. Pure.
 */
export function baselineSummary(comparison: BaselineComparison): string[] {
  const counts = [
    plural(comparison.newFailures.length, "new failure"),
    `${comparison.known.length} known`,
    `${comparison.fixed.length} fixed`,
    ...(comparison.notDecided > 0 ? [`${plural(comparison.notDecided, "entry", "entries")} not decided here`] : []),
  ];
  const fixedNote = comparison.strict ? " (--baseline-strict: fails the run; remove it)" : " (remove it)";
  return [
    `baseline ${comparison.file}: ${counts.join(", ")}`,
    ...comparison.newFailures.map(
      (r) => `  new: ${where(r)}: ${r.verdict}${r.listedAs ? ` (the baseline lists it as ${r.listedAs})` : ""}`,
    ),
    ...comparison.fixed.map((e) => `  fixed: ${where(e)}: ${e.verdict} -> ${e.now}${fixedNote}`),
  ];
}
