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
 * Elsewhere each shared check holds at most one passive listener at a time, so with n running the
 * others hold at most n - 1 ports of the range. A server that picks its port at random with a few
 * tries (vsftpd: nine, then "500 OOPS") fails a PASV with probability (held / range size)^tries,
 * a verdict that would come from chance: n is kept to two fifths of the range (at most 3 of 10
 * held: 0.3^9, about 2e-5 per PASV), and always below the range minus two, never above
 * MAX_SHARED_CHECKS.
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
