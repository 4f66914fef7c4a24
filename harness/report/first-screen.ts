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
  /** Who: the targets. */
  who: string[];
  /** What: a diagnosis's finding, or a root cause's description, or the failing check. */
  what: string;
  /** `what` is a check's ID (shown as code). */
  whatIsCheck: boolean;
  /** The scenarios where it shows. */
  scenarios: string[];
  /** How far it reaches, in words: "explains 11 results in nat, partial-firewall", "in 9 scenarios". */
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
const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
/** A line stays one line: up to three scenarios named, more counted (the detail entry names them). */
const scenarioList = (scenarios: readonly string[]) =>
  scenarios.length <= 3 ? scenarios.join(", ") : `${scenarios.length} scenarios`;
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
    who: [d.target],
    what: d.finding,
    whatIsCheck: false,
    scenarios: d.scenarios,
    reach: `explains ${plural(d.explains.length, "result")} in ${scenarioList(d.scenarios)}`,
    fix: d.fixes[0] ?? NO_FIX,
    anchor: diagnosisAnchor(d),
  }));
  // One line per failing check and target: its groups differ only by fix wording (an address per scenario).
  const others: FirstScreenLine[] = [];
  groupFindings(report).forEach((group, i) => {
    const text = describeGroup(group);
    const same = group.rootCause
      ? undefined
      : others.find(
          (line) => line.whatIsCheck && line.what === group.check && line.who.join() === group.targets.join(),
        );
    if (same) {
      same.scenarios = union(same.scenarios, group.scenarios);
      return;
    }
    others.push({
      kind: "failure",
      worst: group.worst,
      who: group.targets,
      what: group.rootCause ? group.rootCause.description : group.check,
      whatIsCheck: !group.rootCause,
      scenarios: group.scenarios,
      reach: "",
      fix: text.fixes[0] ?? NO_FIX,
      anchor: group.results.length === 1 && group.results[0] ? resultAnchor(group.results[0]) : fixAnchor(i),
    });
  });
  for (const line of others) line.reach = `in ${scenarioList(line.scenarios)}`;
  return [...diagnosed, ...others];
}
