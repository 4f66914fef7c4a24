import { openLoggedInSession } from "./logged-in-session.js";
import { ControlSession } from "../ftp/control-session.js";
import { UnsupportedCommand } from "../ftp/passive-mode.js";
import { ProtocolFailure } from "../ftp/protocol-failure.js";
import { Transcript } from "../ftp/transcript.js";
import type { TargetSpec } from "../targets/target-spec.js";
import type { ExpectedCause } from "../topology/expected-cause.js";
import { type ScenarioSpec } from "../topology/scenario.js";
import { resultKey } from "./check-result.js";
import { DeadlineError, formatSeconds, withDeadline } from "../util/deadline.js";
import { replyWait, type CheckContext } from "./check-context.js";
import type { CheckDefinition } from "./check-definition.js";
import type { CheckResult } from "./check-result.js";
import { matchesCheckPattern } from "./check-pattern.js";
import { decideVerdict } from "./decide-verdict.js";
import { parseConnectionTable } from "./connection-table.js";
import { causeOfDifferingSources, dataRefusal, sourcesSeenByServer, transferUnanswered } from "./differing-sources.js";
import { causeOfFailedDial } from "./failure-cause.js";
import {
  advertisedPorts,
  causeOfOtherReplica,
  countsBetween,
  parseReplicaCounters,
  type ReplicaCounts,
} from "./other-replica.js";
import { notApplicable, skipped, unsupported, type CheckOutcome } from "./outcome.js";
import type { SuiteEnvironment } from "./suite-environment.js";

/** Runs one check (one variant) and turns what it observed into a result. */
export async function runCheck(
  environment: SuiteEnvironment,
  check: CheckDefinition,
  variant: string | undefined,
  strict: boolean,
): Promise<CheckResult> {
  const started = Date.now();
  const transcript = new Transcript();
  const sessions: ControlSession[] = [];
  const context = createContext(environment, transcript, sessions);
  const key = resultKey(check.id, variant);
  const override = environment.target.levels.find((rule) => matchesCheckPattern(rule.pattern, check.id));
  const level = override?.level ?? check.level;

  let status: CheckOutcome["status"] | "not-applicable" | "error";
  let outcome: CheckOutcome;
  try {
    // Where replicas stand, the balancer's counters before the check: what it sent where during it.
    const before = environment.replicaCounters ? parseReplicaCounters(await environment.replicaCounters()) : undefined;
    outcome = await withBalancerEvidence(
      environment,
      await decideOutcome(environment, check, variant, context),
      transcript,
      before,
    );
    // A requirement that does not apply here is no result of the run: its own verdict, not `skipped`.
    status = outcome.skipKind === "not-applicable" ? "not-applicable" : outcome.status;
  } catch (error) {
    status = "error";
    outcome = { status: "fail", expected: "the check to run", observed: `harness error: ${(error as Error).message}` };
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }

  const expectations = environment.scenario.expectedCauses.filter((e) =>
    e.checks.some((pattern) => matchesCheckPattern(pattern, key)),
  );
  const shown = status === "fail" ? expectations.find((e) => e.cause === outcome.cause?.kind) : undefined;
  const verdict = decideVerdict(status, level, shown !== undefined, strict);
  const notes = [
    expectationNote(environment.scenario.name, verdict, outcome, shown, expectations),
    override && override.level !== check.level
      ? `graded ${override.level} instead of ${check.level} by the target's profile: ${override.reason}`
      : undefined,
  ].filter((n): n is string => n !== undefined);
  const note = notes.length > 0 ? notes.join("; ") : undefined;
  return {
    target: environment.target.name,
    scenario: environment.scenario.name,
    check: check.id,
    ...(variant ? { variant } : {}),
    level,
    source: check.source,
    requirement: check.requirement,
    verdict,
    expected: outcome.expected,
    observed: outcome.observed,
    ...(outcome.hint && verdict !== "pass" ? { hint: outcome.hint } : {}),
    ...(outcome.dataCommands ? { dataCommands: [...outcome.dataCommands] } : {}),
    ...(outcome.tlsSeries ? { tlsSeries: outcome.tlsSeries } : {}),
    ...(outcome.skipKind ? { skipKind: outcome.skipKind } : {}),
    ...(outcome.cause && verdict !== "pass" ? { cause: outcome.cause } : {}),
    ...(note ? { note } : {}),
    transcript: transcript.entries,
    durationMs: Date.now() - started,
  };
}

/**
 * A failure with no cause yet, where a balancer or proxy stands before the server: before replicas, whether
 * a data connection of this check reached another replica than the one that advertised it (the balancer's
 * counters per replica, `before` the check and now); where something rewrites the client's source and the check met a refused data
 * connection (425/426, or a transfer command left unanswered), whether the control and data connections
 * reached the server from different addresses.
 */
async function withBalancerEvidence(
  environment: SuiteEnvironment,
  outcome: CheckOutcome,
  transcript: Transcript,
  before: ReplicaCounts | undefined,
): Promise<CheckOutcome> {
  if (outcome.status !== "fail" || outcome.cause) return outcome;
  const { target, network } = environment;
  const heard = transcript.entries.filter((e) => e.dir !== "C").map((e) => e.text);
  const replicas = network.replicaAddresses ?? [];
  if (replicas.length > 1) {
    if (!before || !environment.replicaCounters) return outcome;
    const after = parseReplicaCounters(await environment.replicaCounters());
    const cause = causeOfOtherReplica(countsBetween(before, after), replicas, advertisedPorts(heard));
    return cause ? { ...outcome, cause } : outcome;
  }
  if (!environment.connectionTable) return outcome;
  const refusal = dataRefusal([outcome.observed, ...heard]) ?? transferUnanswered(outcome.observed);
  if (!refusal) return outcome;
  const table = parseConnectionTable(await environment.connectionTable());
  const seen = sourcesSeenByServer(table, {
    address: network.serverAddress,
    controlPort: target.controlPort,
    passiveRange: target.passiveRange,
  });
  const cause = causeOfDifferingSources(refusal, seen);
  return cause ? { ...outcome, cause } : outcome;
}

/** Says why a failure is or is not the one the scenario exists to show. */
function expectationNote(
  scenario: string,
  verdict: CheckResult["verdict"],
  outcome: CheckOutcome,
  shown: ExpectedCause | undefined,
  expectations: readonly ExpectedCause[],
): string | undefined {
  if (shown) return `expected in ${scenario}: ${shown.why} (evidence: ${outcome.cause?.detail})`;
  if (expectations.length === 0 || verdict === "pass" || outcome.status !== "fail") return undefined;
  const evidence = outcome.cause ? `this failure's cause: ${outcome.cause.detail}` : "no evidence of that cause";
  return `not the failure ${scenario} exists to show (${expectations.map((e) => e.why).join("; ")}): ${evidence}`;
}

/** Runs the check, bounded; what the server did wrong becomes a failed outcome with its message. */
async function decideOutcome(
  environment: SuiteEnvironment,
  check: CheckDefinition,
  variant: string | undefined,
  context: CheckContext,
): Promise<CheckOutcome> {
  const reason = whyNotApplicable(check, environment.scenario, environment.target, variant);
  if (reason) return notApplicable(reason);
  if (check.id !== "server.alive") {
    const health = await environment.serverHealth();
    if (!health.running) {
      throw new Error(`the server exited (code ${health.exitCode}) before this check; see server.alive`);
    }
  }
  try {
    return await withDeadline(check.run(context, variant), environment.timeouts.checkMs, `${check.id}`);
  } catch (error) {
    if (error instanceof UnsupportedCommand) return unsupported(error.message);
    if (error instanceof ProtocolFailure) {
      const cause = error.dial && causeOfFailedDial(error.dial.endpoint, error.dial.outcome, environment.network);
      return { status: "fail", expected: check.requirement, observed: error.message, ...(cause ? { cause } : {}) };
    }
    if (error instanceof DeadlineError) return outOfTime(error.ms, context.transcript, environment.timeouts.replyMs);
    throw error;
  }
}

/**
 * A check that hit its overall time limit. A server whose last reply came within one reply's
 * time of the limit was still answering, slowly: the check's stimulus did not finish, so it is
 * skipped, not failed (RFC 959 sets no reply time), as out of time: the run is incomplete.
 * One that had fallen silent stopped answering.
 */
export function outOfTime(limitMs: number, transcript: Transcript, replyMs: number): CheckOutcome {
  const { lines, lastAt } = transcript.heard();
  const silentFor = transcript.elapsed() - (lastAt ?? 0);
  if (lastAt !== undefined && silentFor <= replyMs) {
    return skipped(
      "out-of-time",
      `the check's overall limit of ${formatSeconds(limitMs)} ran out while the server was still ` +
        `answering (${lines} reply lines, the last ${formatSeconds(silentFor)} before the limit): a slow server, ` +
        `not a silent one`,
    );
  }
  return {
    status: "fail",
    expected: `the check to finish within ${formatSeconds(limitMs)}`,
    observed: `the server stopped answering (the check hit its overall time limit; nothing heard in its last ${formatSeconds(silentFor)})`,
  };
}

/**
 * Why the check (its `variant`, if it has variants) is not decided for this target in this scenario,
 * or null. The check reference (docs/checks.md) calls it too, so the docs say what a run does.
 */
export function whyNotApplicable(
  check: CheckDefinition,
  scenario: ScenarioSpec,
  target: TargetSpec,
  variant?: string,
): string | null {
  const reason = check.notApplicable?.(scenario, target, variant);
  if (reason) return reason;
  if (check.dialsDataPort && scenario.dataPortsByChance) return scenario.dataPortsByChance;
  const skipped = target.skip.find((rule) => matchesCheckPattern(rule.pattern, check.id));
  return skipped ? `the target's profile leaves it out: ${skipped.reason}` : null;
}

function createContext(
  environment: SuiteEnvironment,
  transcript: Transcript,
  sessions: ControlSession[],
): CheckContext {
  const openControl = async () => {
    const session = await ControlSession.open(
      environment.client,
      environment.network.control,
      transcript,
      replyWait(environment.timeouts),
    );
    sessions.push(session);
    return session;
  };
  return {
    target: environment.target,
    scenario: environment.scenario,
    network: environment.network,
    client: environment.client,
    intruder: environment.intruder,
    transcript,
    fixtures: environment.fixtures,
    timeouts: environment.timeouts,
    openControl,
    openLoggedIn: () => openLoggedInSession(environment, transcript, (session) => sessions.push(session)),
    serverHealth: environment.serverHealth,
    budgetRunsLow: () => environment.budget?.runsLow(environment.timeouts.checkMs) ?? false,
  };
}
