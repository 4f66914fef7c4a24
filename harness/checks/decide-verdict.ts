import type { Level, Verdict } from "../levels.js";
import type { CheckOutcome } from "./outcome.js";

/** Turns an outcome into a verdict from the check's level, the scenario's expectation and --strict. Pure. */
export function decideVerdict(
  status: CheckOutcome["status"] | "not-applicable" | "error",
  level: Level,
  expectedToFail: boolean,
  strict: boolean,
): Verdict {
  if (status === "error") return "error";
  if (status === "not-applicable") return "not-applicable";
  if (status === "skipped") return "skipped";
  if (status === "pass") return "pass";
  if (expectedToFail) return "xfail";
  if (level === "MUST") return "fail";
  if (level === "SHOULD") return strict ? "fail" : "non-strict";
  return "info";
}
