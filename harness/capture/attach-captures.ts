import type { CheckResult } from "../checks/check-result.js";
import type { PairCaptures } from "./pair-captures.js";

/** Every result of one pair but its passes links the pair's captures. Pure. */
export function withCaptures(results: readonly CheckResult[], captures: PairCaptures): CheckResult[] {
  if (captures.files.length === 0) return [...results];
  return results.map((r) => (r.verdict === "pass" ? r : { ...r, captures }));
}
