import type { CheckResult } from "../checks/check-result.js";
import { resultKey } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import type { Verdict } from "../levels.js";
import type { Diagnosis, DiagnosisRule, TargetEvidence } from "./diagnosis.js";
import { DIAGNOSIS_RULES } from "./rules.js";

/** The verdicts a diagnosis explains, worst first: what a reader has to fix (expected failures are not). */
export const EXPLAINED_VERDICTS: readonly Verdict[] = ["error", "fail", "non-strict", "info"];

/** The harness's own passive download, one variant per passive command (suites/transfer.ts). */
const OWN_DOWNLOAD = "transfer.retr";

const rank = (verdict: Verdict) => EXPLAINED_VERDICTS.indexOf(verdict);
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
const where = (r: CheckResult) => `${r.scenario}/${resultKey(r.check, r.variant)}`;

export interface Diagnosed {
  diagnoses: Diagnosis[];
  /** The results, each explained one naming its diagnosis in `diagnosis`. */
  results: CheckResult[];
}

/**
 * Derives each target's causes from the evidence of all its checks in all its scenarios: every failing
 * result goes to the first rule whose evidence it shows; each rule's results become one diagnosis per
 * target (per group). Results no rule explains are left as they are. Most severe first. Pure.
 */
export function diagnose(
  results: readonly CheckResult[],
  rootCauses: readonly RootCause[],
  rules: readonly DiagnosisRule[] = DIAGNOSIS_RULES,
): Diagnosed {
  const groups = new Map<string, { rule: DiagnosisRule; target: string; group: string; explained: CheckResult[] }>();
  const idOf = new Map<CheckResult, string>();
  for (const result of results) {
    if (!EXPLAINED_VERDICTS.includes(result.verdict)) continue;
    for (const rule of rules) {
      const group = rule.groupOf(result);
      if (group === undefined) continue;
      const id = [result.target, rule.id, ...(group ? [group] : [])].join(":");
      const entry = groups.get(id) ?? { rule, target: result.target, group, explained: [] };
      entry.explained.push(result);
      groups.set(id, entry);
      idOf.set(result, id);
      break;
    }
  }
  // A real client's failure follows the cause of the harness's own download by the same passive
  // command (the client's last one) in the same pair: the same server advertised the same way.
  for (const result of results) {
    const command = result.dataCommands?.at(-1)?.toLowerCase();
    if (!command || idOf.has(result) || !EXPLAINED_VERDICTS.includes(result.verdict)) continue;
    const own = results.find(
      (r) =>
        r.target === result.target &&
        r.scenario === result.scenario &&
        r.check === OWN_DOWNLOAD &&
        r.variant === command &&
        idOf.has(r),
    );
    const id = own && idOf.get(own);
    if (!id) continue;
    groups.get(id)?.explained.push(result);
    idOf.set(result, id);
  }
  const diagnoses = [...groups.entries()].map(([id, { rule, target, group, explained }]) => {
    const evidence: TargetEvidence = {
      target,
      results: results.filter((r) => r.target === target),
      rootCauses: rootCauses.filter((c) => c.target === target),
    };
    const contrast = contrastOf(explained, evidence.results);
    const diagnosis: Diagnosis = {
      id,
      rule: rule.id,
      target,
      finding: rule.finding(explained, evidence, group),
      ...(contrast ? { contrast } : {}),
      fixes: unique(explained.flatMap((r) => (r.hint ? [r.hint] : []))),
      explains: explained.sort((a, b) => results.indexOf(a) - results.indexOf(b)).map(where),
      scenarios: unique(explained.map((r) => r.scenario)),
      worst: explained.map((r) => r.verdict).sort((a, b) => rank(a) - rank(b))[0] ?? "fail",
    };
    return diagnosis;
  });
  diagnoses.sort((a, b) => rank(a.worst) - rank(b.worst) || b.explains.length - a.explains.length);
  return {
    diagnoses,
    results: results.map((r) => {
      const id = idOf.get(r);
      return id ? { ...r, diagnosis: id } : r;
    }),
  };
}

/**
 * Where the explained checks pass (in scenarios where they do not fail) and where they fail: "works
 * in direct; fails in nat, partial-firewall", or undefined when they pass nowhere else. Pure.
 */
function contrastOf(explained: readonly CheckResult[], all: readonly CheckResult[]): string | undefined {
  const keys = new Set(explained.map((r) => resultKey(r.check, r.variant)));
  const failing = unique(explained.map((r) => r.scenario));
  const passing = unique(
    all
      .filter((r) => r.verdict === "pass" && keys.has(resultKey(r.check, r.variant)) && !failing.includes(r.scenario))
      .map((r) => r.scenario),
  );
  if (passing.length === 0) return undefined;
  const detail = explained.find((r) => r.cause)?.cause?.detail;
  return `the same checks work in ${passing.join(", ")} and fail in ${failing.join(", ")}${detail ? ` (${detail})` : ""}`;
}
