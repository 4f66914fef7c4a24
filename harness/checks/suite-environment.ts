import type { AgentConnection } from "../agent/agent-connection.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { ScenarioSpec } from "../topology/scenario.js";
import type { Timeouts } from "./check-context.js";
import type { PairBudget } from "./pair-budget.js";
import type { NetworkFacts, ServerHealth } from "../topology/network-facts.js";

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
  /** The connection table before the server where something rewrites the client's source (the evidence of differing sources). */
  connectionTable?(): Promise<string>;
  /** The balancer's counters of new connections per replica, where replicas stand (the evidence of a data connection reaching another). */
  replicaCounters?(): Promise<string>;
  /** The target's time budget for this scenario, once runChecks started counting it. */
  budget?: PairBudget;
}
