import { formatSeconds } from "../util/deadline.js";

/** The profile field that sets a pair's budget (profile-schema.ts), as messages name it. */
export const PAIR_BUDGET_FIELD = "budget.pairSeconds";

/** How many of the slowest checks a budget's reason names. */
const SLOWEST_NAMED = 3;

/**
 * The time one target x scenario may spend on its checks, counted from its preflight. Once used
 * up, the checks not yet run are skipped (never failed) and marked undecided, so the run is
 * incomplete, not passed; a check already running is bounded by its own timeouts.
 */
export class PairBudget {
  private readonly started: number;

  constructor(
    readonly limitMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  elapsedMs(): number {
    return this.now() - this.started;
  }

  usedUp(): boolean {
    return this.elapsedMs() >= this.limitMs;
  }

  /** Less is left than `ms` (one check's own time limit): the next check may not get its full time. */
  runsLow(ms: number): boolean {
    return this.limitMs - this.elapsedMs() < ms;
  }
}

/** A check that ran, by its result's name, and how long it took. */
export interface TimedCheck {
  name: string;
  durationMs: number;
}

/**
 * Why the checks left were not run, naming the budget, the field that raises it, how many checks
 * ran and the slowest of them. Pure.
 */
export function budgetUsedUp(limitMs: number, elapsedMs: number, ran: readonly TimedCheck[]): string {
  const slowest = [...ran]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, SLOWEST_NAMED)
    .map((check) => `${check.name} ${(check.durationMs / 1000).toFixed(1)} s`);
  const checks = `${ran.length} check${ran.length === 1 ? "" : "s"}`;
  return (
    `the time budget of ${formatSeconds(limitMs)} for this target and scenario (${PAIR_BUDGET_FIELD} in its ` +
    `profile) was used up after ${checks} in ${(elapsedMs / 1000).toFixed(0)} s` +
    (slowest.length > 0 ? `; the slowest: ${slowest.join(", ")}` : "")
  );
}

/** What to do about a used-up budget: the budget is not a verdict on the server. */
export function budgetHint(origin: string): string {
  return (
    `raise ${PAIR_BUDGET_FIELD} in ${origin} if this server is meant to answer this slowly; otherwise see ` +
    "why the slowest checks took that long (replies that come slowly, waits that run out)"
  );
}
