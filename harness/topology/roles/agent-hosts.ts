import type Dockerode from "dockerode";
import type { AgentConnection } from "../../agent/agent-connection.js";
import { attachAgent, awaitAgent } from "../../agent/container-agent.js";
import { execSetup } from "../../resources/exec-setup.js";
import type { AddressFamily, TopologyNetwork } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { createHost } from "./host-container.js";
import { asScript, routeCommands, type HostRoutes } from "./network-commands.js";

export interface AgentOffsets {
  client: number;
  intruder: number;
}

/**
 * The client and the intruder: two addresses of one host on one network, served by one agent process
 * (the container's own, attached to) that speaks for each from its own address. The server sees two
 * hosts; the topology pays for one container and one agent.
 */
export class AgentHosts {
  private network: TopologyNetwork | undefined;
  private offsets: AgentOffsets = { client: 4, intruder: 5 };
  private routes: HostRoutes = { ipv4Default: null, ipv6Default: null };
  private family: AddressFamily = "ipv4";

  constructor(private readonly site: TopologySite) {}

  on(network: TopologyNetwork, offsets: AgentOffsets): this {
    this.network = network;
    this.offsets = offsets;
    return this;
  }

  /** How the host routes to subnets beyond its own (by default: nowhere). */
  routedVia(routes: HostRoutes): this {
    this.routes = routes;
    return this;
  }

  /** Which family the agents bind to and dial from. */
  speaking(family: AddressFamily): this {
    this.family = family;
    return this;
  }

  async start(): Promise<StartedAgentHosts> {
    const { site, offsets, family } = this;
    const network = this.network;
    if (!network) throw new Error("the agent host needs a network");
    const allow = site.subnets.join(",");
    const clientAddress = network.address(offsets.client, family);
    const intruderAddress = network.address(offsets.intruder, family);
    const container = await createHost(site.docker, {
      name: site.name("agents"),
      image: site.images.client,
      labels: site.labels,
      attachments: [{ network, offset: offsets.client }],
      // The intruder's address is added below, once the container runs: the agent only uses it when
      // a request dials or listens.
      cmd: ["--allow", allow, "--bind", clientAddress, "--bind-intruder", intruderAddress],
      openStdin: true,
      unlogged: true,
      // To set its routes and add the intruder's address.
      capabilities: ["NET_ADMIN"],
    });
    site.track(container);
    const label = `${site.request.target.name}/${site.request.scenarioName}`;
    const client = await attachAgent(container, `client@${label}`);
    const intruder = client.forHost("intruder", `intruder@${label}`);
    site.trackAgent(client);
    site.trackAgent(intruder);
    await container.start();
    const extraAddresses = (["ipv4", "ipv6"] as const)
      .filter((f) => f === "ipv4" || network.hasIpv6)
      .map((f) => [
        ...["ip", f === "ipv4" ? "-4" : "-6", "addr", "add"],
        ...[`${network.address(offsets.intruder, f)}/${network.prefixLength(f)}`, "dev", "eth0"],
        ...(f === "ipv6" ? ["nodad"] : []),
      ]);
    await execSetup(container, asScript([...extraAddresses, ...routeCommands(this.routes, { refuseLookups: false })]));
    await Promise.all([awaitAgent(client), awaitAgent(intruder)]);
    return new StartedAgentHosts(container, client, intruder, clientAddress, intruderAddress);
  }
}

export class StartedAgentHosts {
  constructor(
    readonly container: Dockerode.Container,
    readonly client: AgentConnection,
    readonly intruder: AgentConnection,
    readonly clientAddress: string,
    readonly intruderAddress: string,
  ) {}
}
