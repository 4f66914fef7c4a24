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
