import type Dockerode from "dockerode";
import type { AgentConnection } from "../agent/agent-connection.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { RunIdentity } from "../resources/labels.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { createNetwork, releaseSlot } from "./create-network.js";
import { TopologyNetwork } from "./topology-network.js";
import { DEFAULT_POOLS, type SubnetPools } from "./subnets.js";

export interface TopologyImages {
  gateway: string;
  client: string;
  server: string;
}

/** What a scenario builds with: the engine, the images, the target, and names and labels for what it creates. */
export interface SiteRequest {
  target: TargetSpec;
  scenarioName: string;
  images: TopologyImages;
  identity: RunIdentity;
  fixtures: readonly FixtureFile[];
  /** Where networks take their subnets (default: DEFAULT_POOLS). */
  pools?: SubnetPools;
}

export interface NetworkOptions {
  /** Public sides take /29 slots of the public pool (documentation ranges), private sides /24s of the private one (10.213.0.0/16). */
  side: "public" | "private";
  /** An IPv6 subnet beside the IPv4 one. */
  ipv6?: boolean;
}

/**
 * Where one target x scenario topology is built: it creates the networks and keeps track of every
 * container and agent the roles start, so one teardown removes them all whatever failed half-way.
 */
export class TopologySite {
  readonly prefix: string;
  private readonly networks: TopologyNetwork[] = [];
  private readonly containers: Dockerode.Container[] = [];
  private readonly agents: AgentConnection[] = [];
  private readonly beforeRemoval: Array<() => Promise<unknown>> = [];

  constructor(
    readonly docker: Dockerode,
    readonly request: SiteRequest,
  ) {
    this.prefix = `ftpc-${request.identity.runId}-${request.target.name}-${request.scenarioName}`;
  }

  get labels(): Record<string, string> {
    return this.request.identity.labels;
  }

  get target(): TargetSpec {
    return this.request.target;
  }

  get images(): TopologyImages {
    return this.request.images;
  }

  /** A container or agent name inside this topology. */
  name(role: string): string {
    return `${this.prefix}-${role}`;
  }

  /**
   * A bridge network of this topology. Public sides are internal (no route out); private sides are
   * not (Docker's isolation rules would drop the DNAT-forwarded packets) but get no masquerade, and
   * no host on them routes out through the engine (the roles delete or replace default routes).
   */
  async network(role: string, options: NetworkOptions): Promise<TopologyNetwork> {
    const created = await createNetwork(this.docker, {
      name: this.name(role),
      labels: this.labels,
      slots: (this.request.pools ?? DEFAULT_POOLS).slots[options.side],
      side: options.side,
      internal: options.side === "public",
      ...(options.side === "private" ? { options: { "com.docker.network.bridge.enable_ip_masquerade": "false" } } : {}),
      ipv6: options.ipv6 ?? false,
    });
    const network = new TopologyNetwork(created);
    this.networks.push(network);
    return network;
  }

  track(container: Dockerode.Container): void {
    this.containers.push(container);
  }

  trackAgent(agent: AgentConnection): void {
    this.agents.push(agent);
  }

  /** Every subnet of the topology (both families): the only places its agents may dial. */
  get subnets(): string[] {
    return this.networks.flatMap((n) => n.subnets);
  }

  /** A step teardown takes before it removes anything (e.g. copying packet captures out); its failure is ignored. */
  beforeTeardown(step: () => Promise<unknown>): void {
    this.beforeRemoval.push(step);
  }

  async teardown(): Promise<void> {
    for (const step of this.beforeRemoval.splice(0)) await step().catch(() => undefined);
    for (const agent of this.agents) agent.close();
    await Promise.all(this.containers.map((c) => c.remove({ force: true, v: true }).catch(() => undefined)));
    for (const network of this.networks) {
      await network.created.network.remove().catch(() => undefined);
      releaseSlot(network.created.cidr);
    }
  }
}
