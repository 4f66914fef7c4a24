import type { CheckResult } from "../checks/check-result.js";
import type { Verdict } from "../levels.js";
import type { RootCause } from "../checks/root-cause.js";
import type { RunReport } from "./run-report.js";
import type { PairCaptures } from "../capture/pair-captures.js";
import { pairCaptures } from "./capture-links.js";

/** The verdicts a reader has something to fix for, worst first; expected failures are not among them. */
export const FIX_VERDICTS: readonly Verdict[] = ["error", "fail", "non-strict", "info"];

/** One thing to fix: a root cause, or one check failing with the same fix hint wherever it failed. */
export interface FixGroup {
  /** The root cause's id, or `check` and hint. */
  key: string;
  /** Set when the failures are consequences of one root cause. */
  rootCause?: RootCause;
  /** The check that failed (the first one, for a root cause). */
  check: string;
  /** The fix hints, in the server's own settings, without repeats. */
  hints: string[];
  targets: string[];
  scenarios: string[];
  /** The failing results, in report order: each has its evidence. */
  results: CheckResult[];
  /** Results of a root cause that were not run because the server had stopped answering. */
  skipped: number;
  /**
   * The worst verdict among the results; a root cause with none failing counts as `fail`, a used-up
   * time budget (which fails nothing) as `skipped`.
   */
  worst: Verdict;
}

const rank = (verdict: Verdict) => {
  const index = FIX_VERDICTS.indexOf(verdict);
  return index < 0 ? FIX_VERDICTS.length : index;
};
const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * The report's failures grouped by what fixes them: every consequence of one root cause together,
 * the rest by check and fix hint across targets and scenarios. Root causes first (fixing one
 * clears several results), then by worst verdict, each in report order. Pure.
 */
export function groupFindings(report: Pick<RunReport, "results" | "rootCauses">): FixGroup[] {
  // A diagnosis names the results it explains, and the service root causes it turned into one.
  const explained = report.results.filter((r) => r.diagnosis);
  const causes = (report.rootCauses ?? []).filter((c) => !explained.some((r) => r.consequenceOf === c.id));
  const byKey = new Map<string, { rootCause?: RootCause; all: CheckResult[] }>();
  const add = (key: string, result: CheckResult | undefined, rootCause?: RootCause) => {
    const group = byKey.get(key) ?? { ...(rootCause ? { rootCause } : {}), all: [] };
    if (result) group.all.push(result);
    byKey.set(key, group);
  };
  for (const cause of causes) add(`cause ${cause.id}`, undefined, cause);
  for (const result of report.results) {
    if (result.diagnosis) continue;
    const cause = result.consequenceOf ? causes.find((c) => c.id === result.consequenceOf) : undefined;
    if (cause) add(`cause ${cause.id}`, result, cause);
    else if (FIX_VERDICTS.includes(result.verdict)) add(`check ${result.check} ${result.hint ?? ""}`, result);
  }
  const groups = [...byKey.entries()].map(([key, { rootCause, all }]) => toGroup(key, all, rootCause));
  return groups
    .map((group, order) => ({ group, order }))
    .sort(
      (a, b) =>
        Number(a.group.worst === "skipped") - Number(b.group.worst === "skipped") ||
        Number(!a.group.rootCause) - Number(!b.group.rootCause) ||
        rank(a.group.worst) - rank(b.group.worst) ||
        a.order - b.order,
    )
    .map(({ group }) => group);
}

function toGroup(key: string, all: CheckResult[], rootCause: RootCause | undefined): FixGroup {
  const results = all.filter((r) => FIX_VERDICTS.includes(r.verdict));
  const budget = rootCause?.step === "budget";
  const worst = results.map((r) => r.verdict).sort((a, b) => rank(a) - rank(b))[0] ?? (budget ? "skipped" : "fail");
  return {
    key: rootCause ? rootCause.id : key.slice("check ".length),
    ...(rootCause ? { rootCause } : {}),
    check: results[0]?.check ?? all[0]?.check ?? "",
    // A used-up budget's only hint is on the checks it left unrun.
    hints: unique((budget ? all : results).flatMap((r) => (r.hint ? [r.hint] : []))),
    targets: unique([...(rootCause ? [rootCause.target] : []), ...results.map((r) => r.target)]),
    scenarios: unique([...(rootCause ? [rootCause.scenario] : []), ...results.map((r) => r.scenario)]),
    results,
    skipped: all.filter((r) => r.verdict === "skipped").length,
    worst,
  };
}

/** The root cause a result is a consequence of, when the report holds it. */
export const causeOf = (report: Pick<RunReport, "rootCauses">, result: CheckResult): RootCause | undefined =>
  result.consequenceOf ? (report.rootCauses ?? []).find((c) => c.id === result.consequenceOf) : undefined;

/** A group in words, as report.md and report.html both say it. */
export interface FixGroupText {
  /** What is wrong: the root cause's description, or the check. */
  title: string;
  /** `vsftpd in direct, nat`. */
  where: string;
  /** The fix hints, or where to look when there is none. */
  fixes: string[];
  /** For a root cause: when it was first seen and what it broke; for a check: what it observed. */
  detail?: string;
  /** The packet captures of each target x scenario the group's results come from (`vsftpd / nat`). */
  captures: Array<{ pair: string; captures: PairCaptures }>;
}

/** Pure. */
export function describeGroup(group: FixGroup): FixGroupText {
  const where = `${group.targets.join(", ")} in ${group.scenarios.join(", ")}`;
  const fixes = group.hints.length > 0 ? group.hints : ["no fix hint for this server: see the evidence"];
  const cause = group.rootCause;
  const captures = pairCaptures(group.results);
  if (!cause) return { title: group.check, where, fixes, ...observed(group.results[0]), captures };
  const broke = group.results.length > 0 ? ` It broke ${plural(group.results.length, "check")}.` : "";
  const skipped = group.skipped > 0 ? ` ${plural(group.skipped, "check")} after it not run.` : "";
  return {
    title: cause.description,
    where,
    fixes,
    detail: `First seen ${cause.firstSeen}.${broke}${skipped}`,
    captures,
  };
}

/** What the first result saw, on one line a reader takes in at a glance; its evidence has the rest. */
const observed = (first: CheckResult | undefined) => {
  const line = first?.observed.split("\n")[0]?.trim();
  if (!line) return {};
  return { detail: `Observed: ${line.length > OBSERVED_CHARS ? `${line.slice(0, OBSERVED_CHARS - 1)}…` : line}` };
};
const OBSERVED_CHARS = 200;

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Why a probe has no transcript: it found the server process gone before it dialled, or there was no probe. */
export const noTranscript = (cause: Pick<RootCause, "step">) =>
  cause.step === "server"
    ? "(no transcript: the server process was not running)"
    : cause.step === "budget"
      ? "(no transcript: the budget ran out between checks)"
      : "(no transcript)";

/** Where a root cause was found, as both readable reports say it. */
export const causeOrigin = (cause: Pick<RootCause, "step">) =>
  cause.step === "budget" ? "not the server: the harness's time budget" : `service probe step: ${cause.step}`;
