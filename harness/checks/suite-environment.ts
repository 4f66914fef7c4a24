import type { AgentConnection } from "../agent/agent-connection.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import type { ScenarioSpec } from "../topology/scenarios.js";
import type { Timeouts } from "./check-context.js";
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
}
