import type { CheckResult } from "../checks/check-result.js";
import { SKIPPED_KINDS, type SkipKind, type SkippedKind } from "../checks/outcome.js";
import type { Verdict } from "../levels.js";
import type { RunReport } from "./run-report.js";

/** How the readable reports name each verdict. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: "pass",
  fail: "FAIL",
  "non-strict": "non-strict",
  info: "info",
  skipped: "skipped",
  error: "ERROR",
  xfail: "expected fail",
  "not-applicable": "not applicable",
};

/** How a matrix cell shows a verdict: a requirement that does not apply here is a dash, not a result. */
export const matrixLabel = (verdict: Verdict): string => (verdict === "not-applicable" ? "-" : VERDICT_LABEL[verdict]);

/** How the summaries and the observed texts name each kind (CheckResult.skipKind). */
export const SKIP_LABEL: Record<SkipKind, string> = {
  "not-applicable": "not applicable",
  unsupported: "unsupported",
  inconclusive: "inconclusive",
  "out-of-time": "out of time",
  budget: "out of budget",
  "not-run": "not run",
};

/**
 * A result's observed text as every report shows it: for a result not decided, its kind's label
 * (from the field, the only place it is written) before the reason ("inconclusive: RETR got 550").
 * Pure.
 */
export const observedText = (result: Pick<CheckResult, "observed" | "skipKind">): string =>
  result.skipKind ? `${SKIP_LABEL[result.skipKind]}: ${result.observed}` : result.observed;

/** The skipped results by kind, as the summaries say them ("1 inconclusive, 2 not run"), or "". Pure. */
export function skipBreakdown(skips: Readonly<Record<SkippedKind, number>>): string {
  return SKIPPED_KINDS.filter((kind) => skips[kind] > 0)
    .map((kind) => `${skips[kind]} ${SKIP_LABEL[kind]}`)
    .join(", ");
}

/** The skipped count of a summary, with its kinds: "4 skipped (3 inconclusive, 1 not run)". Pure. */
export function skippedCount(count: number, skips: Readonly<Record<SkippedKind, number>>): string {
  const kinds = skipBreakdown(skips);
  return `${count} skipped${kinds ? ` (${kinds})` : ""}`;
}

/** How the summaries count each verdict that is a result of the run. */
const COUNTED: ReadonlyArray<[Exclude<Verdict, "not-applicable">, string]> = [
  ["pass", "pass"],
  ["fail", "fail"],
  ["error", "error"],
  ["xfail", "expected fail"],
  ["non-strict", "non-strict"],
  ["info", "info"],
  ["skipped", "skipped"],
];

/**
 * The results of a report as every summary counts them (the summary line, report.md, report.html):
 * only what ran, by verdict (the skipped by kind), then the requirements that do not apply here,
 * apart: "744 results ran: 663 pass, 9 fail, 28 expected fail; 390 not applicable by design". Pure.
 */
export function resultCounts(report: Pick<RunReport, "summary" | "skips">): string {
  const s = report.summary;
  const parts = COUNTED.filter(([verdict]) => s[verdict] > 0).map(([verdict, label]) =>
    verdict === "skipped" ? skippedCount(s.skipped, report.skips) : `${s[verdict]} ${label}`,
  );
  const ran = `${s.ran} ${s.ran === 1 ? "result" : "results"} ran${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`;
  const notApplicable = s["not-applicable"];
  return notApplicable > 0 ? `${ran}; ${notApplicable} not applicable by design` : ran;
}
