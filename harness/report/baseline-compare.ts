import type { CheckResult } from "../checks/check-result.js";
import type { Diagnosis } from "../diagnosis/diagnosis.js";
import { RUN_FAILING_VERDICTS, type Verdict } from "../levels.js";
import type { BaselineComparison, BaselineResult } from "./baseline-comparison.js";
import { baselineKey, baselineVerdictOf, type Baseline, type BaselineVerdict } from "./baseline-file.js";
import { undecidedCount, type RunOutcome, type RunReport } from "./run-report.js";

/** The profile a target is a variant of, or undefined (a profile's own target, or one not known). */
export type VariantOf = (target: string) => string | undefined;
const NO_VARIANTS: VariantOf = () => undefined;

/** `fail` is worse than `non-strict`: an entry accepts its own failure or a milder one. */
const SEVERITY: Readonly<Record<BaselineVerdict, number>> = { "non-strict": 1, fail: 2 };
const NO_LONGER_FAILING: readonly Verdict[] = ["pass", "info", "xfail"];

const named = (r: BaselineResult): BaselineResult => ({
  target: r.target,
  scenario: r.scenario,
  check: r.check,
  ...(r.variant !== undefined ? { variant: r.variant } : {}),
  verdict: r.verdict,
});

/**
 * Matches results with entries by target, scenario, check and variant. A failing result is known
 * when an entry names it with its failure or a worse one (compared as without --strict), new when
 * none does and it fails the run (`fail`, `error`). An entry whose result passed (or is now info
 * or an expected failure) is fixed; one whose result was not decided is neither. Pure.
 */
export function compareWithBaseline(
  results: readonly CheckResult[],
  baseline: Baseline,
  strict: boolean,
  variantOf: VariantOf = NO_VARIANTS,
): BaselineComparison {
  const entries = new Map(baseline.entries.map((entry) => [baselineKey(entry), entry]));
  const comparison: BaselineComparison = {
    file: baseline.file,
    strict,
    newFailures: [],
    known: [],
    fixed: [],
    notDecided: 0,
  };
  const decided = new Set<string>();
  for (const result of results) {
    const base = variantOf(result.target);
    // A profile's entry covers its variants' results (the same server, configured otherwise), unless
    // the variant has its own.
    const entry =
      entries.get(baselineKey(result)) ?? (base ? entries.get(baselineKey({ ...result, target: base })) : undefined);
    const key = entry ? baselineKey(entry) : baselineKey(result);
    const failure = baselineVerdictOf(result);
    if (entry && failure && SEVERITY[failure] <= SEVERITY[entry.verdict]) {
      comparison.known.push({ ...named(result), reason: entry.reason });
      decided.add(key);
    } else if (RUN_FAILING_VERDICTS.includes(result.verdict)) {
      comparison.newFailures.push({
        ...named(result),
        ...(entry && failure ? { listedAs: entry.verdict } : {}),
        ...(result.diagnosis !== undefined ? { diagnosis: result.diagnosis } : {}),
      });
      if (failure) decided.add(key);
    } else if (entry && NO_LONGER_FAILING.includes(result.verdict)) {
      comparison.fixed.push({ ...entry, now: result.verdict });
      decided.add(key);
    }
  }
  comparison.notDecided = baseline.entries.filter((entry) => !decided.has(baselineKey(entry))).length;
  return comparison;
}

/**
 * How a run ends against a baseline: failed on a new failure (or, with --baseline-strict, a fixed
 * entry); otherwise as without one: incomplete when results were left undecided by time (failed
 * under --strict), else passed. Pure.
 */
export function baselineOutcome(
  results: readonly CheckResult[],
  comparison: BaselineComparison,
  strict: boolean,
): RunOutcome {
  if (comparison.newFailures.length > 0) return "failed";
  if (comparison.strict && comparison.fixed.length > 0) return "failed";
  if (undecidedCount(results) > 0) return strict ? "failed" : "incomplete";
  return "passed";
}

/** The report judged against `baseline`: its comparison, and the outcome that follows from it. Pure. */
export function withBaseline(
  report: RunReport,
  baseline: Baseline,
  baselineStrict: boolean,
  variantOf: VariantOf = NO_VARIANTS,
): RunReport {
  const comparison = compareWithBaseline(report.results, baseline, baselineStrict, variantOf);
  const outcome = baselineOutcome(report.results, comparison, report.strict);
  return { ...report, outcome, passed: outcome === "passed", baseline: comparison };
}

/**
 * The new failures under the diagnosis that explains them (most severe diagnosis first, as the
 * report orders them), then those no diagnosis explains (`diagnosis` undefined). Pure.
 */
export function newFailuresByDiagnosis(
  report: Pick<RunReport, "baseline" | "diagnoses">,
): Array<{ diagnosis?: Diagnosis; failures: BaselineComparison["newFailures"] }> {
  const failures = report.baseline?.newFailures ?? [];
  const diagnoses = (report.diagnoses ?? []).filter((d) => failures.some((f) => f.diagnosis === d.id));
  const explained = new Set(diagnoses.map((d) => d.id));
  const rest = failures.filter((f) => f.diagnosis === undefined || !explained.has(f.diagnosis));
  return [
    ...diagnoses.map((diagnosis) => ({ diagnosis, failures: failures.filter((f) => f.diagnosis === diagnosis.id) })),
    ...(rest.length > 0 ? [{ failures: rest }] : []),
  ];
}

/** The entry that accepts this result in the report's baseline comparison, if any. Pure. */
export function knownFailure(
  report: Pick<RunReport, "baseline">,
  result: Pick<CheckResult, "target" | "scenario" | "check" | "variant">,
): { reason: string } | undefined {
  const key = baselineKey(result);
  return report.baseline?.known.find((k) => baselineKey(k) === key);
}
