import type { NetworkFacts } from "../network-facts.js";
import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts, type StartedAgentHosts } from "../roles/agent-hosts.js";
import { GatewayHost, type StartedGateway } from "../roles/gateway.js";
import { ServerHost } from "../roles/server-host.js";
import type { TargetSpec } from "../../targets/target-spec.js";
import type { TopologyNetwork } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { gatewayNetworkFacts } from "./network-facts-of.js";

/**
 * The two sides of a server behind a gateway (NAT, balancer, proxy), as every gateway composition opens:
 * a public network where the gateway has its public address and the agents sit, and a private one where
 * the server sits. A composition adds only what differs: the gateway's rules, what the server is told,
 * the facts it changes.
 */
export interface GatewaySite {
  target: TargetSpec;
  pub: TopologyNetwork;
  priv: TopologyNetwork;
  /** The gateway's address on the public side, where the client opens the control connection. */
  publicAddress: string;
  /** The server's own address on the private side. */
  serverAddress: string;
  /** A gateway on both sides (public first), to which the composition adds its rules. */
  gateway(role?: string): GatewayHost;
  /**
   * A server on the private side (as `role`, at `offset`: default the server's), its default route via the
   * gateway, reached at the public address (and at `name`, where clients dial one).
   */
  server(gateway: StartedGateway, where?: { role?: string; offset?: number; name?: string }): ServerHost;
  /** The client and intruder on the public side. */
  agentsOutside(): Promise<StartedAgentHosts>;
  /** The network facts of this site (gatewayNetworkFacts), with what the composition changes. */
  facts(agents: StartedAgentHosts, differs: Parameters<typeof gatewayNetworkFacts>[1]): NetworkFacts;
}

/** Creates the public and private networks of a gateway composition (IPv4), in that order. */
export async function gatewaySides(site: TopologySite): Promise<GatewaySite> {
  const { target } = site;
  const pub = await site.network("public", { side: "public" });
  const priv = await site.network("private", { side: "private" });
  const publicAddress = pub.address(HOST_OFFSETS.gateway);
  const serverAddress = priv.address(HOST_OFFSETS.server);
  return {
    target,
    pub,
    priv,
    publicAddress,
    serverAddress,
    gateway: (role) => new GatewayHost(site, role).on(pub, HOST_OFFSETS.gateway).on(priv, HOST_OFFSETS.gateway),
    server: (gateway, { role, offset = HOST_OFFSETS.server, name } = {}) =>
      new ServerHost(site, role)
        .on(priv, offset)
        .routedVia({ ipv4Default: gateway.addressOn(priv), ipv6Default: null })
        .reachedAt(publicAddress, ...(name ? [name] : [])),
    agentsOutside: () => new AgentHosts(site).on(pub, HOST_OFFSETS).start(),
    facts: (agents, differs) =>
      gatewayNetworkFacts(
        { publicAddress, serverAddress, privateSubnet: priv.subnet(), controlPort: target.controlPort, agents },
        differs,
      ),
  };
}
