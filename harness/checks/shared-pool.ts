import type { TargetSpec } from "../targets/target-spec.js";
import type { ScenarioSpec } from "../topology/scenario.js";

/**
 * The most shared checks a pair runs at once. Besides the passive range below, it bounds the
 * sessions a server sees from one pair (a check opens one or two) and the load on the agents.
 */
export const MAX_SHARED_CHECKS = 4;

/**
 * How many of a pair's shared checks (CheckDefinition.concurrency) run at once; 1 runs every check
 * alone, in catalogue order, as a pair did before checks were shared.
 *
 * One at a time where something on the path keeps state across sessions, or a check reads
 * evidence that other sessions would blur: the FTP helper's conntrack expectations, a balancer's
 * connection table, or the balancer's per-replica counters read around each check.
 *
 * Elsewhere a shared check holds at most one passive listener at a time, so the pool stays within
 * two fifths of the passive range and below the range minus two: most of the range is free for each
 * PASV (a server picking its port at random with nine tries, as vsftpd, fails a PASV with
 * (held / size)^9: at most 3 others of 10 held, about 2e-5), and within MAX_SHARED_CHECKS. A PASV
 * lost to the others anyway does not decide a verdict: a check that did not pass beside others
 * runs again alone (run-checks.ts).
 */
export function sharedPoolSize(
  scenario: Pick<ScenarioSpec, "ftpHelper" | "clientFtpHelper" | "sourceRewrite" | "replicas">,
  target: Pick<TargetSpec, "passiveRange">,
): number {
  if (
    scenario.ftpHelper ||
    scenario.clientFtpHelper ||
    scenario.sourceRewrite !== "none" ||
    scenario.replicas !== "one"
  ) {
    return 1;
  }
  const size = target.passiveRange.max - target.passiveRange.min + 1;
  return Math.max(1, Math.min(MAX_SHARED_CHECKS, Math.floor((size * 2) / 5), size - 2));
}
