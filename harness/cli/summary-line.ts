import { OUTCOME_HEADLINE, undecidedNote, type RunReport } from "../report/run-report.js";
import { resultCounts } from "../report/verdict-labels.js";

/**
 * The run's one-line summary: how it ended, the results that ran by verdict (the skipped by kind),
 * the requirements that do not apply here apart, and how many were left undecided by time, which
 * keep a run from passing (a failure under --strict). Pure.
 */
export function summaryLine(report: Pick<RunReport, "summary" | "skips" | "outcome" | "undecided" | "strict">): string {
  const note = undecidedNote(report);
  return `ftp-conformance: ${OUTCOME_HEADLINE[report.outcome]} (${resultCounts(report)}${note ? `; ${note}` : ""})`;
}
