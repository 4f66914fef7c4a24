import { ProfileError } from "../errors.js";
import { failureNote } from "../ftp/control-session.js";
import { resultKey } from "./check-result.js";
import type { CheckConcurrency, CheckDefinition } from "./check-definition.js";
import type { CheckResult } from "./check-result.js";
import { RUN_FAILING_VERDICTS, type Verdict } from "../levels.js";
import type { RootCause } from "./root-cause.js";
import { budgetHint, budgetUsedUp, PairBudget, type TimedCheck } from "./pair-budget.js";
import type { SkippedKind } from "./outcome.js";
import { runCheck, whyNotApplicable } from "./run-check.js";
import { probeService, type ServiceState } from "./service-probe.js";
import { sleep } from "../util/deadline.js";
import { sharedPoolSize } from "./shared-pool.js";
import type { SuiteEnvironment } from "./suite-environment.js";

export type { SuiteEnvironment } from "./suite-environment.js";
export { runCheck } from "./run-check.js";

export interface RunOptions {
  strict: boolean;
  onResult?: (result: CheckResult) => void;
  /** Told of each check (each variant) that ran, when it ends: the bench's check sequence. */
  onTimed?: (timing: CheckTiming) => void;
  /** Asked between checks: true once the run is being abandoned (another pair found bad credentials). */
  aborted?: () => boolean;
}

/** When a check (a variant) ran, by its result's name: `startedAt` on performance.now()'s clock. */
export interface CheckTiming {
  name: string;
  concurrency: CheckConcurrency;
  startedAt: number;
  durationMs: number;
}

export interface SuiteRun {
  results: CheckResult[];
  rootCauses: RootCause[];
}

/** Without a declared accept timeout, how long a server may take to release what a check held. */
const DEFAULT_SETTLE_SECONDS = 3;
const MAX_SETTLE_MS = 10000;

/** Verdicts after which the service is probed: a failure that may have broken the server for what follows. */
const PROBED_AFTER: readonly Verdict[] = [...RUN_FAILING_VERDICTS, "non-strict", "info"];

/**
 * Logs in once first (a refused login is the profile's `credentials`, exit 2), then runs each check
 * and variant in order. After a failure it probes the service: when that shows the server broken
 * (range used up, stopped answering, exited), the cause is named once as a root cause and the
 * failures it explains point at it; once the server stopped answering, the later checks are
 * skipped with that reason instead of each waiting out its own timeouts. Once the target's time
 * budget for the scenario is used up, the checks left are skipped too, under one cause saying so.
 */
export async function runChecks(
  suite: SuiteEnvironment,
  checks: readonly CheckDefinition[],
  options: RunOptions,
): Promise<SuiteRun> {
  const { target, scenario } = suite;
  // Counted from the preflight: everything the pair's checks cost the run.
  const budget = target.pairBudgetSeconds !== undefined ? new PairBudget(target.pairBudgetSeconds * 1000) : undefined;
  const environment: SuiteEnvironment = budget ? { ...suite, budget } : suite;
  const rootCauses: RootCause[] = [];
  /** Per stalled cause, the command whose reply never came in its probe. */
  const awaitingOf = new Map<string, string>();
  const known = (state: ServiceState) => rootCauses.find((c) => !state.healthy && c.step === state.step);
  const open = (state: Extract<ServiceState, { healthy: false }>, firstSeen: string): RootCause => {
    const same = known(state);
    if (same) return same;
    const cause: RootCause = {
      id: `${target.name}/${scenario.name}#${rootCauses.length + 1}`,
      target: target.name,
      scenario: scenario.name,
      step: state.step,
      description: state.description,
      firstSeen,
      stalled: state.stalled,
      transcript: state.transcript,
    };
    rootCauses.push(cause);
    if (state.awaiting) awaitingOf.set(cause.id, state.awaiting);
    return cause;
  };

  /** A new root cause is confirmed once the server had time to release what the last check held. */
  const settleMs = Math.min((target.acceptTimeoutSeconds ?? DEFAULT_SETTLE_SECONDS) * 1000, MAX_SETTLE_MS) + 500;
  const probe = async (): Promise<ServiceState> => {
    const state = await probeService(environment);
    // An exit or a refused login is not transient; a cause already named needs no second look.
    if (state.healthy || state.step === "server" || state.loginRefused || known(state)) return state;
    await sleep(settleMs);
    return probeService(environment);
  };

  // Not probe(): no check has held anything yet, so there is nothing to wait out before a second look.
  const preflight = await probeService(environment);
  if (!preflight.healthy && preflight.loginRefused) {
    throw new ProfileError(
      `profile ${target.origin}: credentials: the server refused the login for '${target.credentials.user}' (${preflight.description})`,
    );
  }
  let current = preflight.healthy ? undefined : open(preflight, "before the first check");
  /**
   * The stalls a run-failing result was put under. Checks are skipped for a stall only once one
   * is: a stall the preflight found has failed no check yet, and a run whose every check was
   * skipped would pass. The check that meets it first fails after one reply timeout.
   */
  const failedUnder = new Set<string>();
  /**
   * Set once a result showed the server stop serving one session while another that used active mode
   * ended (active.session-end): from then on active-mode checks run alone, so that no check's session
   * is lost to another's ending.
   */
  let activeModeAlone = false;

  /** Each check's (and variant's) result by its place in the catalogue, handed on in that order. */
  const units = checks.flatMap((check) => (check.variants ?? [undefined]).map((variant) => ({ check, variant })));
  const slots: Array<CheckResult | undefined> = new Array(units.length);
  const results: CheckResult[] = [];
  const record = (index: number, result: CheckResult) => {
    slots[index] = result;
    while (results.length < units.length && slots[results.length]) {
      const next = slots[results.length] as CheckResult;
      results.push(next);
      options.onResult?.(next);
    }
  };
  /** The checks that ran (not those that do not apply), for a used-up budget's reason. */
  const ran: TimedCheck[] = [];
  let budgetCause: RootCause | undefined;
  const budgetUsedUpCause = (limitMs: number): RootCause => {
    if (budgetCause) return budgetCause;
    const cause: RootCause = {
      id: `${target.name}/${scenario.name}#${rootCauses.length + 1}`,
      target: target.name,
      scenario: scenario.name,
      step: "budget",
      description: budgetUsedUp(limitMs, budget?.elapsedMs() ?? 0, ran),
      firstSeen: ran.length > 0 ? `after ${ran[ran.length - 1]?.name}` : "before the first check",
      stalled: false,
      transcript: [],
    };
    rootCauses.push(cause);
    budgetCause = cause;
    return cause;
  };
  // server.alive asks the engine, not the server: it costs nothing and says whether the server still runs.
  const skippable = ({ check, variant }: RunUnit) =>
    check.id !== "server.alive" && whyNotApplicable(check, scenario, target, variant) === null;
  /** A check that finished, taken in catalogue order: probed after a failure, then recorded. */
  const settle = async (index: number, result: CheckResult) => {
    if (result.cause?.kind === "session-end-stops-other-session") activeModeAlone = true;
    const unit = units[index] as RunUnit;
    const { check, variant } = unit;
    if (skippable(unit)) ran.push({ name: resultKey(check.id, variant), durationMs: result.durationMs });
    // server.alive reports the server's exit itself; after it nothing is left to explain.
    if (PROBED_AFTER.includes(result.verdict) && check.id !== "server.alive") {
      // A check that itself waited in vain for the reply a known stall never gives is evidence
      // enough that the server is still stalled: another probe would only wait out the same timeout.
      if (!(current?.stalled && metStall(result, awaitingOf.get(current.id)))) {
        const state = await probe();
        current = state.healthy ? undefined : open(state, `after ${resultKey(check.id, variant)}`);
      }
      if (current) result.consequenceOf = current.id;
      if (current && RUN_FAILING_VERDICTS.includes(result.verdict)) failedUnder.add(current.id);
    }
    record(index, result);
  };

  // Shared checks run a few at a time; the pool is drained (every running check finished and
  // settled in catalogue order, probes alone) before a check that runs alone, and as soon as one
  // finishes with a verdict that calls for a probe: no check starts while a probe decides.
  const poolSize = sharedPoolSize(scenario, target);
  const running = new Map<number, Promise<void>>();
  const finished = new Map<number, CheckResult>();
  /** Checks that ran while another did: their verdicts other than a pass are taken from a run alone. */
  const besideOthers = new Set<number>();
  let probeDue = false;
  const timed = (index: number, concurrency: CheckConcurrency, startedAt: number) => {
    const { check, variant } = units[index] as RunUnit;
    options.onTimed?.({
      name: resultKey(check.id, variant),
      concurrency,
      startedAt,
      durationMs: performance.now() - startedAt,
    });
  };
  /**
   * A check that did not pass beside other checks runs again with nothing beside it, and that
   * result is its verdict: two sessions asking for passive ports at once are not independent
   * (ProFTPD 1.3.8 answers a PASV now and then with "425 PASV: Address already in use" while
   * another session takes a port: measured 1 of 180 PASVs, four sessions at once; vsftpd gives up
   * after nine random tries when others hold most of the range), and the same server must get the
   * same verdicts on every run. Once the pair's budget is used up it is skipped instead, as the
   * checks not yet run are.
   */
  const confirmedAlone = async (index: number, beside: CheckResult): Promise<CheckResult> => {
    if (!besideOthers.has(index) || beside.verdict === "pass" || beside.verdict === "not-applicable") return beside;
    const { check, variant } = units[index] as RunUnit;
    if (budget?.usedUp()) {
      const cause = budgetUsedUpCause(budget.limitMs);
      return skippedBy(environment, check, variant, cause, "budget", cause.description, budgetHint(target.origin));
    }
    const startedAt = performance.now();
    const alone = await runCheck(environment, check, variant, options.strict);
    timed(index, "alone", startedAt);
    return alone;
  };
  const drain = async () => {
    await Promise.all(running.values());
    for (const index of [...finished.keys()].sort((a, b) => a - b)) {
      await settle(index, await confirmedAlone(index, finished.get(index) as CheckResult));
      besideOthers.delete(index);
    }
    finished.clear();
    probeDue = false;
  };
  const launch = (index: number) => {
    const { check, variant } = units[index] as RunUnit;
    if (running.size > 0) {
      besideOthers.add(index);
      for (const other of running.keys()) besideOthers.add(other);
    }
    const startedAt = performance.now();
    const task = runCheck(environment, check, variant, options.strict).then((result) => {
      timed(index, check.concurrency ?? "alone", startedAt);
      running.delete(index);
      finished.set(index, result);
      if (PROBED_AFTER.includes(result.verdict)) probeDue = true;
    });
    running.set(index, task);
  };
  for (const [index, unit] of units.entries()) {
    const { check, variant } = unit;
    // A check that does not apply here asks nothing of the server: it waits for nothing and holds nothing up.
    const applies = whyNotApplicable(check, scenario, target, variant) === null;
    const isolated = applies && activeModeAlone && check.activeMode === true;
    const shared = poolSize > 1 && !isolated && (check.concurrency === "shared" || !applies);
    if (!shared || probeDue) await drain();
    while (running.size >= poolSize) {
      await Promise.race(running.values());
      if (probeDue) await drain();
    }
    if (options.aborted?.()) {
      await drain();
      return { results, rootCauses };
    }
    const skipFor = current?.stalled && failedUnder.has(current.id) ? current : undefined;
    if (skipFor && skippable(unit)) {
      const why = `${skipFor.description} (first seen ${skipFor.firstSeen})`;
      record(index, skippedBy(environment, check, variant, skipFor, "not-run", why));
      continue;
    }
    if (budget?.usedUp() && skippable(unit)) {
      // Launch no more; the checks still running finish first, so the cause names every check that ran.
      await drain();
      const cause = budgetUsedUpCause(budget.limitMs);
      record(
        index,
        skippedBy(environment, check, variant, cause, "budget", cause.description, budgetHint(target.origin)),
      );
      continue;
    }
    launch(index);
    if (!shared) await drain();
  }
  await drain();
  return { results, rootCauses };
}

/** One check, or one variant of a check with variants: what runs and gets a result. */
interface RunUnit {
  check: CheckDefinition;
  variant: string | undefined;
}

/**
 * Did the check wait in vain for the reply to `awaiting`? Read from the note a control session
 * writes into the transcript when a reply does not come (ControlSession, "no reply (waiting for
 * the reply to PASV)").
 */
function metStall(result: CheckResult, awaiting: string | undefined): boolean {
  if (awaiting === undefined) return false;
  const note = failureNote("timeout", awaiting);
  return result.transcript.some((entry) => entry.dir === "*" && entry.text === note);
}

/** A check not run (the server had stopped answering, the budget was used up): skipped, under its cause. */
function skippedBy(
  environment: SuiteEnvironment,
  check: CheckDefinition,
  variant: string | undefined,
  cause: RootCause,
  kind: SkippedKind,
  why: string,
  hint?: string,
): CheckResult {
  return {
    target: environment.target.name,
    scenario: environment.scenario.name,
    check: check.id,
    ...(variant ? { variant } : {}),
    level: check.level,
    source: check.source,
    requirement: check.requirement,
    verdict: "skipped",
    expected: "-",
    observed: why,
    skipKind: kind,
    ...(hint ? { hint } : {}),
    consequenceOf: cause.id,
    transcript: [],
    durationMs: 0,
  };
}
