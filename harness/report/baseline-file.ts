import { parse as parseYaml, stringify } from "yaml";
import { z } from "zod";
import type { CheckDefinition } from "../checks/check-definition.js";
import { resultKey, type CheckResult } from "../checks/check-result.js";
import { BaselineError } from "../errors.js";
import { describeIssues } from "../targets/describe-issue.js";

/**
 * A baseline: the failures a team has reviewed and accepts (run/merge --baseline FILE). One entry
 * per failing result, each with the reason it is accepted. docs/report.md#a-baseline-of-known-failures.
 */
export interface Baseline {
  /** The file as the command line named it. */
  file: string;
  entries: BaselineEntry[];
}

/** The failure verdicts a baseline can accept: a harness `error` is never a server's deviation. */
export const BASELINE_VERDICTS = ["fail", "non-strict"] as const;
export type BaselineVerdict = (typeof BASELINE_VERDICTS)[number];

export interface BaselineEntry {
  target: string;
  scenario: string;
  check: string;
  variant?: string;
  verdict: BaselineVerdict;
  /** Why the failure is accepted (the upstream bug, the setting that cannot change): the user's words. */
  reason: string;
}

const name = z.string().min(1, "empty");
const entrySchema = z.strictObject({
  target: name,
  scenario: name,
  check: name,
  variant: name.optional(),
  verdict: z.enum(BASELINE_VERDICTS, { error: "fail or non-strict" }),
  reason: z.string().trim().min(1, "empty: say why this failure is accepted"),
});
const baselineSchema = z.strictObject({ failures: z.array(entrySchema).nullable() });

/** What the entries may name: the targets of this run (and the built-ins), the scenarios, the checks. */
export interface BaselineNames {
  targets: readonly string[];
  scenarios: readonly string[];
  checks: readonly Pick<CheckDefinition, "id" | "variants">[];
}

/** How an entry or a result is matched: target, scenario, check and variant. */
export const baselineKey = (r: Pick<BaselineEntry, "target" | "scenario" | "check" | "variant">): string =>
  `${r.target}/${r.scenario} ${resultKey(r.check, r.variant)}`;

/**
 * Reads a baseline's text. A malformed file, a duplicate entry, or (with `names`) an entry naming a
 * target, scenario, check or variant that does not exist is a BaselineError naming the field. Pure.
 */
export function parseBaseline(text: string, file: string, names?: BaselineNames): Baseline {
  const fail = (field: string, message: string) => new BaselineError(`baseline ${file}: ${field}: ${message}`);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new BaselineError(`baseline ${file}: not valid YAML: ${String((error as Error).message).split("\n")[0]}`);
  }
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) throw fail(...describeIssues(parsed.error.issues));
  const entries: BaselineEntry[] = (parsed.data.failures ?? []).map((e) => ({
    target: e.target,
    scenario: e.scenario,
    check: e.check,
    ...(e.variant !== undefined ? { variant: e.variant } : {}),
    verdict: e.verdict,
    reason: e.reason.trim(),
  }));
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    const key = baselineKey(entry);
    const first = seen.get(key);
    if (first !== undefined) throw fail(`failures[${i}]`, `the same result as failures[${first}] (${key})`);
    seen.set(key, i);
    if (names) checkNames(entry, names, (field, message) => fail(`failures[${i}].${field}`, message));
  });
  return { file, entries };
}

function checkNames(
  entry: BaselineEntry,
  names: BaselineNames,
  fail: (field: string, message: string) => BaselineError,
): void {
  if (!names.targets.includes(entry.target)) {
    throw fail(
      "target",
      `'${entry.target}' is neither a built-in server nor a target of this run (${names.targets.join(", ")})`,
    );
  }
  if (!names.scenarios.includes(entry.scenario)) {
    throw fail("scenario", `'${entry.scenario}' is not a scenario (${names.scenarios.join(", ")})`);
  }
  const check = names.checks.find((c) => c.id === entry.check);
  if (!check) throw fail("check", `'${entry.check}' is not a check (see --list)`);
  const variants = check.variants ?? [];
  if (variants.length === 0 && entry.variant !== undefined) {
    throw fail("variant", `${check.id} has no variants`);
  }
  if (variants.length > 0 && entry.variant === undefined) {
    throw fail("variant", `missing: ${check.id} has the variants ${variants.join(", ")}`);
  }
  if (entry.variant !== undefined && variants.length > 0 && !variants.includes(entry.variant)) {
    throw fail("variant", `'${entry.variant}' is not a variant of ${check.id} (${variants.join(", ")})`);
  }
}

/**
 * The failure a result shows, as a baseline records it, or null when it shows none a baseline can
 * accept. --strict turns a SHOULD failure into `fail`; a baseline records it as `non-strict`
 * either way, so one file serves runs with and without --strict. Pure.
 */
export function baselineVerdictOf(result: Pick<CheckResult, "verdict" | "level">): BaselineVerdict | null {
  if (result.verdict === "non-strict") return "non-strict";
  if (result.verdict === "fail") return result.level === "SHOULD" ? "non-strict" : "fail";
  return null;
}

/** How a baseline file starts: what it is and how to use it. */
export const BASELINE_HEADER = `# ftp-conformance baseline: failures reviewed and accepted, one entry per result.
# Written by 'ftp-conformance baseline <report.json> --out FILE'. Say in each 'reason' why the
# failure is accepted (the upstream bug, the setting you cannot change).
# Use: ftp-conformance run --baseline FILE (or merge --baseline FILE). A failure listed here does
# not fail the run; one that is not does. An entry whose check now passes is listed as fixed
# (--baseline-strict fails the run on it, so the file cannot go stale): delete it then.
# An entry matches by target, scenario, check and variant, and accepts that failure or a milder one
# (a 'fail' entry also accepts 'non-strict'). docs/report.md#a-baseline-of-known-failures
`;

const order = (a: BaselineEntry, b: BaselineEntry) =>
  a.target.localeCompare(b.target) ||
  a.scenario.localeCompare(b.scenario) ||
  a.check.localeCompare(b.check) ||
  (a.variant ?? "").localeCompare(b.variant ?? "");

/** The file's text: the header, then the entries sorted by target, scenario, check and variant. Pure. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const failures = [...entries].sort(order).map((e) => ({
    target: e.target,
    scenario: e.scenario,
    check: e.check,
    ...(e.variant !== undefined ? { variant: e.variant } : {}),
    verdict: e.verdict,
    reason: e.reason,
  }));
  return `${BASELINE_HEADER}${stringify({ failures }, { lineWidth: 0 })}`;
}

/** The placeholder reason of a new entry: the user replaces it with why the failure is accepted. */
export const TODO_REASON = "TODO: why this failure is accepted";

/**
 * The entries for a report's failures (fail and non-strict; not error, info or xfail), each with the
 * reason `reasons` gives its key (a baseline being rewritten keeps its reviewed reasons), else a
 * placeholder naming what was observed. Pure.
 */
export function baselineEntriesOf(
  results: readonly CheckResult[],
  reasons: ReadonlyMap<string, string> = new Map(),
): BaselineEntry[] {
  return results.flatMap((r) => {
    const verdict = baselineVerdictOf(r);
    if (verdict === null) return [];
    const flat = r.observed.replace(/\s+/g, " ");
    const observed = flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
    const reason = reasons.get(baselineKey(r)) ?? `${TODO_REASON} (observed: ${observed})`;
    return [
      {
        target: r.target,
        scenario: r.scenario,
        check: r.check,
        ...(r.variant !== undefined ? { variant: r.variant } : {}),
        verdict,
        reason,
      },
    ];
  });
}
