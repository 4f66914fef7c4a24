import type { SkipKind } from "../checks/outcome.js";
import type { Verdict } from "../levels.js";

/** How the readable reports name each verdict. */
export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: "pass",
  fail: "FAIL",
  "non-strict": "non-strict",
  info: "info",
  skipped: "skipped",
  error: "ERROR",
  xfail: "expected fail",
};

/** How the summaries name each kind of skip (CheckResult.skipKind). */
export const SKIP_LABEL: Record<SkipKind, string> = {
  "not-applicable": "not applicable",
  unsupported: "unsupported",
  inconclusive: "inconclusive",
  "out-of-time": "out of time",
  budget: "out of budget",
  "not-run": "not run",
};

/** The skipped results by kind, as the summaries say them ("3 not applicable, 1 inconclusive"), or "". Pure. */
export function skipBreakdown(skips: Readonly<Record<SkipKind, number>>): string {
  return Object.entries(SKIP_LABEL)
    .filter(([kind]) => skips[kind as SkipKind] > 0)
    .map(([kind, label]) => `${skips[kind as SkipKind]} ${label}`)
    .join(", ");
}

/** The skipped count of a summary, with its kinds: "4 skipped (3 not applicable, 1 inconclusive)". Pure. */
export function skippedCount(count: number, skips: Readonly<Record<SkipKind, number>>): string {
  const kinds = skipBreakdown(skips);
  return `${count} skipped${kinds ? ` (${kinds})` : ""}`;
}
