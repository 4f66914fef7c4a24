import { OUTCOME_HEADLINE, undecidedNote, type RunReport } from "../report/run-report.js";
import { skippedCount } from "../report/verdict-labels.js";

/**
 * The run's one-line summary: how it ended, the results by verdict (the skipped by kind), and how
 * many were left undecided by time, which keep a run from passing (a failure under --strict). Pure.
 */
export function summaryLine(report: Pick<RunReport, "summary" | "skips" | "outcome" | "undecided" | "strict">): string {
  const parts = Object.entries(report.summary)
    .filter(([key, value]) => key !== "total" && value > 0)
    .map(([key, value]) => (key === "skipped" ? skippedCount(value, report.skips) : `${value} ${key}`));
  const note = undecidedNote(report);
  return (
    `ftp-conformance: ${OUTCOME_HEADLINE[report.outcome]} ` +
    `(${report.summary.total} results: ${parts.join(", ")}${note ? `; ${note}` : ""})`
  );
}
