import type { CheckResult } from "../checks/check-result.js";
import { SKIPPED_KINDS, UNDECIDED_KINDS, type SkippedKind } from "../checks/outcome.js";
import type { RootCause } from "../checks/root-cause.js";
import { diagnose } from "../diagnosis/diagnose.js";
import type { Diagnosis } from "../diagnosis/diagnosis.js";
import { RUN_FAILING_VERDICTS, type Verdict } from "../levels.js";
import type { BaselineComparison } from "./baseline-comparison.js";

/**
 * The version of report.json's schema (schema/report.v<n>.schema.json) this code writes and reads:
 * raised when a field changes meaning or is removed, so a reader can tell which it has.
 */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * The machine-readable report (test-results/report.json): its schema is schema/report.v1.schema.json
 * (tested against it), documented in docs/report.md.
 */
export interface RunReport {
  tool: { name: "ftp-conformance"; version: string };
  /** The schema this report follows (REPORT_SCHEMA_VERSION). */
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  strict: boolean;
  /** "i/n" when this report is one shard's; absent for a whole run or a merge. */
  shard?: string;
  targets: string[];
  scenarios: string[];
  /** The target/scenario pairs this report covers, in run order. */
  pairs: string[];
  /**
   * The results by verdict; `total` counts every result, `ran` those that are results of the run
   * (all but `not-applicable`: a requirement that does not apply here by design).
   */
  summary: Record<Verdict, number> & { total: number; ran: number };
  /** The `skipped` results by kind (CheckResult.skipKind), every kind of skip named. */
  skips: Record<SkippedKind, number>;
  /** How the run ended (runOutcome): the CLI's exit code follows it. */
  outcome: RunOutcome;
  /** True when `outcome` is "passed": every result decided, none `fail` or `error` (with a baseline: none it does not list). */
  passed: boolean;
  /** Results left undecided by time (skipKind "budget" or "out-of-time"): the pair's budget used up, or a check's limit reached while the server answered. */
  undecided: number;
  results: CheckResult[];
  /** Causes that broke a server for the checks after them; results name theirs in `consequenceOf`. */
  rootCauses: RootCause[];
  /**
   * Each target's causes, derived from all its results (harness/diagnosis/): most severe first;
   * results name theirs in `diagnosis`. Failures no rule explains are named by none.
   */
  diagnoses: Diagnosis[];
  /** The results against a baseline of known failures (run/merge --baseline); `outcome` follows it. Absent without one. */
  baseline?: BaselineComparison;
}

/** Every verdict, in the order summaries count them. */
export const VERDICTS: readonly Verdict[] = [
  "pass",
  "fail",
  "non-strict",
  "info",
  "skipped",
  "error",
  "xfail",
  "not-applicable",
];

export function summarise(results: readonly CheckResult[]): RunReport["summary"] {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const result of results) summary[result.verdict] += 1;
  return { ...summary, total: results.length, ran: results.length - summary["not-applicable"] };
}

/** The `skipped` results by kind (a `not-applicable` result is not a skip). Pure. */
export function countSkips(results: readonly CheckResult[]): RunReport["skips"] {
  const skips = Object.fromEntries(SKIPPED_KINDS.map((k) => [k, 0])) as Record<SkippedKind, number>;
  for (const result of results) {
    if (result.verdict === "skipped" && result.skipKind && result.skipKind !== "not-applicable") {
      skips[result.skipKind] += 1;
    }
  }
  return skips;
}

/**
 * "failed": a result is `fail` or `error`; "incomplete": none is, but some were left undecided by
 * time (the pair's budget used up, or a check's limit reached while the server was still
 * answering), so the server's conformance is not known; "passed": every result decided, none
 * failing. --strict counts an undecided result as a failure, as it does a SHOULD failure: only a
 * run shown whole passes. Failures win over incompleteness. Pure.
 */
export function runOutcome(results: readonly CheckResult[], strict: boolean): RunOutcome {
  if (results.some((r) => RUN_FAILING_VERDICTS.includes(r.verdict))) return "failed";
  if (undecidedCount(results) > 0) return strict ? "failed" : "incomplete";
  return "passed";
}

export type RunOutcome = "passed" | "failed" | "incomplete";

/** How the summary line and the reports' headings name each outcome. */
export const OUTCOME_HEADLINE: Readonly<Record<RunOutcome, string>> = {
  passed: "PASSED",
  failed: "FAILED",
  incomplete: "INCOMPLETE",
};

/**
 * What keeps the run from being whole, for its summary: how many results were left undecided and
 * why, or "" when none was. Pure.
 */
export function undecidedNote(report: Pick<RunReport, "undecided" | "outcome" | "strict">): string {
  if (report.undecided === 0) return "";
  const strict = report.strict && report.outcome === "failed" ? " (a failure under --strict)" : "";
  return (
    `${report.undecided} left undecided: a pair's time budget ran out or a check's limit ran out while the server ` +
    `was still answering${strict}`
  );
}

export const undecidedCount = (results: readonly CheckResult[]): number =>
  results.filter((r) => r.skipKind !== undefined && UNDECIDED_KINDS.includes(r.skipKind)).length;

/** The fields of a report that follow from its results and --strict. Pure. */
export function runStanding(
  results: readonly CheckResult[],
  strict: boolean,
): Pick<RunReport, "summary" | "skips" | "outcome" | "passed" | "undecided"> {
  const outcome = runOutcome(results, strict);
  return {
    summary: summarise(results),
    skips: countSkips(results),
    outcome,
    passed: outcome === "passed",
    undecided: undecidedCount(results),
  };
}

export function resultName(result: Pick<CheckResult, "check" | "variant">): string {
  return result.variant ? `${result.check}[${result.variant}]` : result.check;
}

/**
 * The fields of a report that follow from its results, their root causes and --strict: the standing,
 * and the diagnoses (each explained result naming its own). Pure.
 */
export function runFindings(
  results: readonly CheckResult[],
  rootCauses: readonly RootCause[],
  strict: boolean,
): Pick<RunReport, "summary" | "skips" | "outcome" | "passed" | "undecided" | "results" | "rootCauses" | "diagnoses"> {
  const fresh = results.map(({ diagnosis: _old, ...rest }) => rest);
  const { diagnoses, results: explained } = diagnose(fresh, rootCauses);
  return { ...runStanding(explained, strict), results: explained, rootCauses: [...rootCauses], diagnoses };
}
