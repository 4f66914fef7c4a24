import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import { RUN_FAILING_VERDICTS, type Verdict } from "../levels.js";

/** The machine-readable report (test-results/report.json). Documented in README.md. */
export interface RunReport {
  tool: { name: "ftp-conformance"; version: string };
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
  summary: Record<Verdict, number> & { total: number };
  /** True when no result is `fail` or `error`. */
  passed: boolean;
  results: CheckResult[];
  /** Causes that broke a server for the checks after them; results name theirs in `consequenceOf`. */
  rootCauses: RootCause[];
}

const VERDICTS: readonly Verdict[] = ["pass", "fail", "non-strict", "info", "skipped", "error", "xfail"];

export function summarise(results: readonly CheckResult[]): RunReport["summary"] {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const result of results) summary[result.verdict] += 1;
  return { ...summary, total: results.length };
}

export function runPassed(results: readonly CheckResult[]): boolean {
  return !results.some((r) => RUN_FAILING_VERDICTS.includes(r.verdict));
}

export function resultName(result: Pick<CheckResult, "check" | "variant">): string {
  return result.variant ? `${result.check}[${result.variant}]` : result.check;
}
