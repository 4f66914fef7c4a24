import type Dockerode from "dockerode";
import type { AgentConnection } from "../agent/agent-connection.js";
import type { CapturedPackets } from "../capture/captured-packets.js";
import type { NetworkFacts, ServerHealth } from "./network-facts.js";

/** A host of a topology with a shell and `ip`, by role: gateways, the server's namespace holder, the agents' host. */
export interface TopologyHost {
  role: string;
  container: Dockerode.Container;
}

/** A started topology: where things are, the agents to probe with, and how to take it down. */
export interface Topology {
  network: NetworkFacts;
  client: AgentConnection;
  intruder: AgentConnection;
  /** Hosts that can be inspected from inside (the server's image may have no tools: its holder stands in). */
  hosts: readonly TopologyHost[];
  /** The server's own container. */
  server: Dockerode.Container;
  /** Every subnet of the topology: the only places its agents may dial. */
  subnets: string[];
  serverHealth(): Promise<ServerHealth>;
  /** The connection table of the host that rewrites the client's source (ScenarioHosts.connectionTable), where there is one. */
  connectionTable?: () => Promise<string>;
  /** The balancer's counters of new connections per replica (ScenarioHosts.replicaCounters), where replicas stand. */
  replicaCounters?: () => Promise<string>;
  /** Stops the packet captures and copies them out of their hosts (once; teardown does it too); null when captures are off. */
  collectCaptures(): Promise<CapturedPackets | null>;
  teardown(): Promise<void>;
}
