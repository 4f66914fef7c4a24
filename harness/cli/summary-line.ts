import { OUTCOME_HEADLINE, undecidedNote, type RunReport } from "../report/run-report.js";

/**
 * The run's one-line summary: how it ended, the results by verdict, and how many were left
 * undecided by time, which keep a run from passing (a failure under --strict). Pure.
 */
export function summaryLine(report: Pick<RunReport, "summary" | "outcome" | "undecided" | "strict">): string {
  const parts = Object.entries(report.summary)
    .filter(([key, value]) => key !== "total" && value > 0)
    .map(([key, value]) => `${value} ${key}`);
  const note = undecidedNote(report);
  return (
    `ftp-conformance: ${OUTCOME_HEADLINE[report.outcome]} ` +
    `(${report.summary.total} results: ${parts.join(", ")}${note ? `; ${note}` : ""})`
  );
}
