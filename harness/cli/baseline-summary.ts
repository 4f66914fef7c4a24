import { resultKey } from "../checks/check-result.js";
import { newFailuresByDiagnosis } from "../report/baseline-compare.js";
import type { BaselineComparison } from "../report/baseline-comparison.js";
import type { RunReport } from "../report/run-report.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const where = (r: { target: string; scenario: string; check: string; variant?: string }) =>
  `${r.target}/${r.scenario} ${resultKey(r.check, r.variant)}`;

/**
 * The console's lines about a baseline, after the summary line: the counts, then each new failure
 * (first: they fail the run; under the diagnosis that explains it, if one does), then each fixed
 * entry. None without a baseline. Pure.
 */
export function baselineSummary(report: Pick<RunReport, "baseline" | "diagnoses">): string[] {
  const comparison = report.baseline;
  if (!comparison) return [];
  const counts = [
    plural(comparison.newFailures.length, "new failure"),
    `${comparison.known.length} known`,
    `${comparison.fixed.length} fixed`,
    ...(comparison.notDecided > 0 ? [`${plural(comparison.notDecided, "entry", "entries")} not decided here`] : []),
  ];
  const fixedNote = comparison.strict ? " (--baseline-strict: fails the run; remove it)" : " (remove it)";
  return [
    `baseline ${comparison.file}: ${counts.join(", ")}`,
    ...newFailuresByDiagnosis(report).flatMap(({ diagnosis, failures }) => {
      const line = (r: BaselineComparison["newFailures"][number]) =>
        `${where(r)}: ${r.verdict}${r.listedAs ? ` (the baseline lists it as ${r.listedAs})` : ""}`;
      return diagnosis
        ? [`  new, under ${diagnosis.target}: ${diagnosis.finding}:`, ...failures.map((r) => `    ${line(r)}`)]
        : failures.map((r) => `  new: ${line(r)}`);
    }),
    ...comparison.fixed.map((e) => `  fixed: ${where(e)}: ${e.verdict} -> ${e.now}${fixedNote}`),
  ];
}
