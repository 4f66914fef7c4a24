import type { AgentConnection } from "../agent/agent-connection.js";
import { ControlSession } from "../ftp/control-session.js";
import { UnsupportedCommand } from "../ftp/passive-mode.js";
import { ProtocolFailure } from "../ftp/protocol-failure.js";
import { Transcript } from "../ftp/transcript.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { resultKey, type ScenarioSpec } from "../topology/scenarios.js";
import { DeadlineError, formatSeconds, withDeadline } from "../util/deadline.js";
import type { CheckContext, NetworkFacts, ServerHealth, Timeouts } from "./check-context.js";
import type { CheckDefinition } from "./check-definition.js";
import type { CheckResult } from "./check-result.js";
import { matchesCheckPattern } from "./check-pattern.js";
import { decideVerdict } from "./decide-verdict.js";
import { skip, type CheckOutcome } from "./outcome.js";

/** Everything the checks of one target in one scenario share. */
export interface SuiteEnvironment {
  target: TargetSpec;
  scenario: ScenarioSpec;
  network: NetworkFacts;
  client: AgentConnection;
  intruder: AgentConnection;
  fixtures: readonly FixtureFile[];
  timeouts: Timeouts;
  serverHealth(): Promise<ServerHealth>;
}

export interface RunOptions {
  strict: boolean;
  onResult?: (result: CheckResult) => void;
}

/** Runs each check and variant in order. Once the server has died, later checks say so at once. */
export async function runChecks(
  environment: SuiteEnvironment,
  checks: readonly CheckDefinition[],
  options: RunOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    for (const variant of check.variants ?? [undefined]) {
      const result = await runCheck(environment, check, variant, options.strict);
      results.push(result);
      options.onResult?.(result);
    }
  }
  return results;
}

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
  const expectedToFail = environment.scenario.expectedFailures.some((pattern) => matchesCheckPattern(pattern, key));
  const override = environment.target.levels.find((rule) => matchesCheckPattern(rule.pattern, check.id));
  const level = override?.level ?? check.level;

  let status: CheckOutcome["status"] | "error";
  let outcome: CheckOutcome;
  try {
    outcome = await decideOutcome(environment, check, variant, context);
    status = outcome.status;
  } catch (error) {
    status = "error";
    outcome = { status: "fail", expected: "the check to run", observed: `harness error: ${(error as Error).message}` };
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }

  const verdict = decideVerdict(status, level, expectedToFail, strict);
  const notes = [
    verdict === "xfail"
      ? `expected to fail in ${environment.scenario.name}: this is the fault the scenario shows`
      : expectedToFail && verdict === "pass"
        ? `expected to fail in ${environment.scenario.name}, but passed`
        : undefined,
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
    ...(note ? { note } : {}),
    transcript: transcript.entries,
    durationMs: Date.now() - started,
  };
}

/** Runs the check, bounded; what the server did wrong becomes a failed outcome with its message. */
async function decideOutcome(
  environment: SuiteEnvironment,
  check: CheckDefinition,
  variant: string | undefined,
  context: CheckContext,
): Promise<CheckOutcome> {
  const reason = check.notApplicable?.(environment.scenario, environment.target);
  if (reason) return skip(`not applicable: ${reason}`);
  const skipped = environment.target.skip.find((rule) => matchesCheckPattern(rule.pattern, check.id));
  if (skipped) return skip(`not applicable: the target's profile leaves it out: ${skipped.reason}`);
  if (check.id !== "server.alive") {
    const health = await environment.serverHealth();
    if (!health.running) {
      throw new Error(`the server exited (code ${health.exitCode}) before this check; see server.alive`);
    }
  }
  try {
    return await withDeadline(check.run(context, variant), environment.timeouts.checkMs, `${check.id}`);
  } catch (error) {
    if (error instanceof UnsupportedCommand) return skip(`unsupported: ${error.message}`);
    if (error instanceof ProtocolFailure) {
      return { status: "fail", expected: check.requirement, observed: error.message };
    }
    if (error instanceof DeadlineError) {
      return {
        status: "fail",
        expected: `the check to finish within ${formatSeconds(error.ms)}`,
        observed: "the server stopped answering (the check hit its overall time limit)",
      };
    }
    throw error;
  }
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
      environment.timeouts.replyMs,
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
    openLoggedIn: async () => {
      const session = await openControl();
      await session.login(environment.target.credentials);
      return session;
    },
    serverHealth: environment.serverHealth,
  };
}
