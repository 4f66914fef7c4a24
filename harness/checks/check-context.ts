import type { AgentConnection } from "../agent/agent-connection.js";
import type { ControlSession } from "../ftp/control-session.js";
import type { Transcript } from "../ftp/transcript.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { ScenarioSpec } from "../topology/scenario.js";
import type { NetworkFacts, ServerHealth } from "../topology/network-facts.js";

/** What a check may use. Sessions it opens are closed by the runner when it ends. */
export interface CheckContext {
  target: TargetSpec;
  scenario: ScenarioSpec;
  network: NetworkFacts;
  client: AgentConnection;
  /** The agent on the intruder host, for port stealing and bounce targets. */
  intruder: AgentConnection;
  transcript: Transcript;
  fixtures: readonly FixtureFile[];
  timeouts: Timeouts;
  /** A control connection from the client host, logged in with the target's credentials. */
  openLoggedIn(): Promise<ControlSession>;
  /** A control connection from the client host, greeted but not logged in. */
  openControl(): Promise<ControlSession>;
  serverHealth(): Promise<ServerHealth>;
  /**
   * Less of the target's time budget for this scenario is left than one check may take. A sampling
   * check may then stop once what it sampled decides its verdict (and says so), never before.
   */
  budgetRunsLow(): boolean;
}

export interface Timeouts {
  /** One control reply. */
  replyMs: number;
  /** Deciding that an advertised endpoint does not answer. */
  dataConnectMs: number;
  /** One whole transfer. */
  transferMs: number;
  /** A whole check, whatever it does. */
  checkMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { replyMs: 5000, dataConnectMs: 2000, transferMs: 20000, checkMs: 60000 };
