/** MUST fails the run; SHOULD fails it only with --strict; ADVISORY never does. */
export type Level = "MUST" | "SHOULD" | "ADVISORY";

/**
 * pass, fail, non-strict (a SHOULD failed), info (an ADVISORY failed), skipped (a precondition is
 * absent), error (the harness could not run the check), xfail (failed where the scenario exists to
 * show that failure).
 */
export type Verdict = "pass" | "fail" | "non-strict" | "info" | "skipped" | "error" | "xfail";

export const RUN_FAILING_VERDICTS: readonly Verdict[] = ["fail", "error"];
