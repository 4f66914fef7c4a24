import type { CheckResult } from "../checks/check-result.js";
import type { Diagnosis } from "../diagnosis/diagnosis.js";
import type { Verdict } from "../levels.js";
import type { PairCaptures } from "../capture/pair-captures.js";
import { pairCaptures } from "./capture-links.js";
import { diagnosisAnchor, fixAnchor, resultAnchor } from "./report-anchors.js";
import type { RunReport } from "./run-report.js";
import { describeGroup, groupFindings } from "./what-to-fix.js";

/** One line of the report's first screen: a diagnosis, or a failure no diagnosis explains. */
export interface FirstScreenLine {
  kind: "diagnosis" | "failure";
  worst: Verdict;
  /** Who: the target(s). */
  who: string;
  /** What: a diagnosis's finding, or a root cause's description, or the failing check. */
  what: string;
  /** `what` is a check's ID (shown as code). */
  whatIsCheck: boolean;
  /** How far it reaches: "explains 11 results in nat, partial-firewall", "in direct, nat". */
  reach: string;
  /** The first fix, in the server's own words; the detail entry has all of them. */
  fix: string;
  /** The anchor of its detail entry (below the matrices). */
  anchor: string;
}

/** A diagnosis's detail entry, below the matrices. */
export interface DiagnosisDetail {
  diagnosis: Diagnosis;
  anchor: string;
  /** The results it explains, in report order. */
  results: CheckResult[];
  /** Each target x scenario's captures once. */
  captures: Array<{ pair: string; captures: PairCaptures }>;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
const NO_FIX = "no fix hint for this server: see the evidence";

/** The diagnoses' detail entries, in the report's order. Pure. */
export function diagnosisDetails(report: Pick<RunReport, "results" | "diagnoses">): DiagnosisDetail[] {
  return (report.diagnoses ?? []).map((diagnosis) => {
    const results = report.results.filter((r) => r.diagnosis === diagnosis.id);
    return { diagnosis, anchor: diagnosisAnchor(diagnosis), results, captures: pairCaptures(results) };
  });
}

/**
 * What the report opens with: the diagnoses, one line each, most severe first; then the failures no
 * diagnosis explains, grouped by check and fix as "What to fix" groups them. Pure.
 */
export function firstScreen(report: Pick<RunReport, "results" | "rootCauses" | "diagnoses">): FirstScreenLine[] {
  const diagnosed: FirstScreenLine[] = (report.diagnoses ?? []).map((d) => ({
    kind: "diagnosis",
    worst: d.worst,
    who: d.target,
    what: d.finding,
    whatIsCheck: false,
    reach: `explains ${plural(d.explains.length, "result")} in ${d.scenarios.join(", ")}`,
    fix: d.fixes[0] ?? NO_FIX,
    anchor: diagnosisAnchor(d),
  }));
  const others: FirstScreenLine[] = groupFindings(report).map((group, i) => {
    const text = describeGroup(group);
    return {
      kind: "failure",
      worst: group.worst,
      who: group.targets.join(", "),
      what: group.rootCause ? group.rootCause.description : group.check,
      whatIsCheck: !group.rootCause,
      reach: `in ${group.scenarios.join(", ")}`,
      fix: text.fixes[0] ?? NO_FIX,
      anchor: group.results.length === 1 && group.results[0] ? resultAnchor(group.results[0]) : fixAnchor(i),
    };
  });
  return [...diagnosed, ...others];
}
