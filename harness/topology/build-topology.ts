import type Dockerode from "dockerode";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { RunIdentity } from "../resources/labels.js";
import type { TargetSpec } from "../targets/target-spec.js";
import type { PacketCaptureSettings } from "../capture/capture-settings.js";
import { startCaptures } from "./roles/topology-captures.js";
import type { Scenario } from "./scenario.js";
import type { SubnetPools } from "./subnets.js";
import type { Topology } from "./topology.js";
import { TopologySite, type TopologyImages } from "./topology-site.js";
import { NoGreeting, waitForGreeting } from "./wait-for-greeting.js";

/** The server does not listen on IPv6: an IPv6 scenario cannot say anything about it. */
export class ServerWithoutIpv6 extends Error {}

export interface TopologyRequest {
  target: TargetSpec;
  scenario: Scenario;
  images: TopologyImages;
  identity: RunIdentity;
  fixtures: readonly FixtureFile[];
  /** Packet captures of the agents' host and each gateway, or none. */
  captures?: PacketCaptureSettings;
  /** Where the networks take their subnets (default: DEFAULT_POOLS). */
  pools?: SubnetPools;
}

/**
 * Builds one scenario around one server (the scenario composes the roles: gateways, the server
 * host, the agents' host), then waits until the server greets the client. No host keeps a route
 * out: public sides are internal networks and every role deletes or replaces its default routes.
 * Whatever fails half-way, everything started so far is removed.
 */
export async function buildTopology(docker: Dockerode, request: TopologyRequest): Promise<Topology> {
  const { target, scenario } = request;
  const site = new TopologySite(docker, { ...request, scenarioName: scenario.name });
  try {
    const built = await scenario.build(site);
    const captures = request.captures ? await startCaptures(site, built, request.captures) : null;
    const serverHealth = () => built.server.health();
    await waitForGreeting(built.agents.client, built.network.control, serverHealth, target.startup.timeoutMs);
    await built.afterGreeting?.();
    return {
      network: built.network,
      client: built.agents.client,
      intruder: built.agents.intruder,
      hosts: [
        ...built.gateways.map((g, i) => ({ role: `gateway-${i + 1}`, container: g.container })),
        ...(built.others ?? []),
        { role: "server-namespace", container: built.server.namespaceHolder },
        { role: "agents", container: built.agents.container },
      ],
      server: built.server.container,
      subnets: site.subnets,
      serverHealth,
      ...(built.connectionTable ? { connectionTable: built.connectionTable } : {}),
      ...(built.replicaCounters ? { replicaCounters: built.replicaCounters } : {}),
      collectCaptures: async () => (captures ? captures.collect() : null),
      teardown: () => site.teardown(),
    };
  } catch (error) {
    await site.teardown();
    if (scenario.family === "ipv6" && error instanceof NoGreeting && error.refused) {
      throw new ServerWithoutIpv6(
        `${target.name} refused every connection to its control port over IPv6 (it does not listen on IPv6): ` +
          `configure it to, or declare applies.ipv6: false in its profile`,
      );
    }
    throw new Error(`building ${scenario.name} for ${target.name}: ${(error as Error).message}`, { cause: error });
  }
}
