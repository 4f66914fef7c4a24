import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts } from "../roles/agent-hosts.js";
import { ServerHost } from "../roles/server-host.js";
import type { Composition, ScenarioHosts, TopologyFacts } from "../scenario.js";
import type { AddressFamily } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { directNetworkFacts } from "./network-facts-of.js";

/**
 * The facts of same-network's shape over IPv4, which the other compositions without a NAT in front of
 * the server vary: nothing between client and server, the server advertising its own address.
 */
export const SAME_NETWORK_FACTS: TopologyFacts = {
  family: "ipv4",
  natted: false,
  advertisesPublicAddress: true,
  forwarding: "none",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  gatewayOnPath: false,
  sourceRewrite: "none",
  replicas: "one",
};

/** Client, intruder and server on one internal network, no gateway, no host with a route out. */
export function sameNetwork(family: AddressFamily): Composition {
  return {
    facts: { ...SAME_NETWORK_FACTS, family, advertisesPublicAddress: family === "ipv4" },
    build: (site) => build(site, family),
  };
}

async function build(site: TopologySite, family: AddressFamily): Promise<ScenarioHosts> {
  const net = await site.network("public", { side: "public", ipv6: family === "ipv6" });
  const server = await new ServerHost(site)
    .on(net, HOST_OFFSETS.server)
    .serving(family)
    // PASV can name only an IPv4 address, and EPSV names none: over IPv6 there is nothing to advertise.
    .advertising(family === "ipv4" ? net.address(HOST_OFFSETS.server) : null)
    .start();
  const agents = await new AgentHosts(site).on(net, HOST_OFFSETS).speaking(family).start();
  const serverAddress = server.address(family);
  return {
    network: directNetworkFacts({ serverAddress, controlPort: site.target.controlPort, agents }),
    server,
    agents,
    gateways: [],
  };
}
