/** MUST fails the run; SHOULD fails it only with --strict; ADVISORY never does. */
export type Level = "MUST" | "SHOULD" | "ADVISORY";

/**
 * pass, fail, non-strict (a SHOULD failed), info (an ADVISORY failed), skipped (the check should
 * have run here and could not, or what it saw decides nothing), error (the harness could not run the
 * check), xfail (failed where the scenario exists to show that failure), not-applicable (the
 * requirement does not apply here by design: not a result of the run, never counted as one).
 */
export type Verdict = "pass" | "fail" | "non-strict" | "info" | "skipped" | "error" | "xfail" | "not-applicable";

export const RUN_FAILING_VERDICTS: readonly Verdict[] = ["fail", "error"];
