import type Dockerode from "dockerode";
import type { AgentConnection } from "../agent/agent-connection.js";
import type { NetworkFacts, ServerHealth } from "./network-facts.js";

/** Hosts of a topology, by role. The server shares the network namespace of `serverNet`. */
export type HostRole = "gateway" | "serverNet" | "server" | "client" | "intruder";

/** A started topology: where things are, the agents to probe with, and how to take it down. */
export interface Topology {
  network: NetworkFacts;
  client: AgentConnection;
  intruder: AgentConnection;
  hosts: Partial<Record<HostRole, Dockerode.Container>>;
  /** Every subnet of the topology: the only places its agents may dial. */
  subnets: string[];
  serverHealth(): Promise<ServerHealth>;
  teardown(): Promise<void>;
}
