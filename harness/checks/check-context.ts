import type { AgentConnection } from "../agent/agent-connection.js";
import type { ControlSession, Endpoint } from "../ftp/control-session.js";
import type { Transcript } from "../ftp/transcript.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import type { ScenarioSpec } from "../topology/scenarios.js";

/** Where things are, as the client host sees them. */
export interface NetworkFacts {
  /** Where the client opens the control connection: the server, or the gateway's public side. */
  control: Endpoint;
  /** The address a correct 227 names: the gateway's public address behind NAT, else the server's. */
  publicAddress: string;
  /** The server's own address on its network (private behind NAT). */
  serverAddress: string;
  /** Subnets of the topology that are not reachable from the client (the private side). */
  privateSubnets: string[];
  /** The client host's own address, as the server sees it. */
  clientAddress: string;
  /** The intruder host: outside, like the client, at another address. */
  intruderAddress: string;
  /**
   * The passive ports the gateway forwards to the server, known to the harness; null where no
   * gateway forwards a range (direct, or the FTP helper opens each data port itself).
   */
  forwardedPorts: PortRange | null;
}

export interface PortRange {
  min: number;
  max: number;
}

/** True when `port` lies in `range`, both ends included. Pure. */
export const inPortRange = (port: number, range: PortRange): boolean => port >= range.min && port <= range.max;

export interface ServerHealth {
  running: boolean;
  exitCode: number | null;
  logTail: string;
}

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
