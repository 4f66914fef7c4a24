import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import type { Verdict } from "../levels.js";

/**
 * One cause of a target's failures, stated once for all its checks and scenarios: what the server
 * does, the contrast that proves it where there is one, the fix in the server's own words, and the
 * results it explains (each of which names it in `diagnosis`).
 */
export interface Diagnosis {
  /** Unique in a report: `target:rule`, or `target:rule:group` where a rule finds several. */
  id: string;
  /** The rule that found it (harness/diagnosis/rules.ts). */
  rule: string;
  target: string;
  /** What the server does, in one line. */
  finding: string;
  /** Where the same checks pass and where they fail, when both happened: what proves the finding. */
  contrast?: string;
  /** What to change, in the server's own settings (the profile's hints), without repeats. */
  fixes: string[];
  /** The results it explains: `scenario/check[variant]`, in report order. */
  explains: string[];
  /** The scenarios those results come from, in report order. */
  scenarios: string[];
  /** The worst verdict among them. */
  worst: Verdict;
}

/** What a rule reads: a target's results (every scenario) and the service root causes found for it. */
export interface TargetEvidence {
  target: string;
  results: readonly CheckResult[];
  rootCauses: readonly RootCause[];
}

/**
 * One cause, as data: which failing results its evidence explains, and what they show together.
 * A rule reads evidence only (a result's cause, check, verdict and root cause), never observed text.
 */
export interface DiagnosisRule {
  id: string;
  /**
   * The group a failing result belongs to under this rule ("" for one finding per target; a root
   * cause's id for the service rule), or undefined when the rule does not explain it.
   */
  groupOf(result: CheckResult): string | undefined;
  /** What the server does, from the explained results (at least one) and the target's evidence. */
  finding(explained: readonly CheckResult[], evidence: TargetEvidence, group: string): string;
}
