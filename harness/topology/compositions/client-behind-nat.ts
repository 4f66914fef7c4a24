import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts } from "../roles/agent-hosts.js";
import { GatewayHost } from "../roles/gateway.js";
import { ServerHost } from "../roles/server-host.js";
import type { Composition, ScenarioHosts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { directNetworkFacts } from "./network-facts-of.js";
import { SAME_NETWORK_FACTS } from "./same-network.js";

export interface ClientNatOptions {
  /** The client's gateway attaches the kernel FTP helper, which rewrites PORT and EPRT and opens the way back. */
  ftpHelper: boolean;
}

/**
 * The client and intruder on a private network behind a masquerading gateway (a home or office
 * NAT), the server public: the server sees both as the gateway's public address, and a data
 * connection it opens to a private address the client names meets no route (the server has none
 * beyond its own network), inside the topology.
 */
export function clientBehindNat(options: ClientNatOptions): Composition {
  return {
    // The server is public: the address it advertises is its own, the one clients dial.
    facts: { ...SAME_NETWORK_FACTS, clientNat: true, clientFtpHelper: options.ftpHelper, gatewayOnPath: true },
    build: (site) => build(site, options),
  };
}

async function build(site: TopologySite, options: ClientNatOptions): Promise<ScenarioHosts> {
  const { target } = site;
  const pub = await site.network("public", { side: "public" });
  const home = await site.network("client-private", { side: "private" });
  const publicAddress = pub.address(HOST_OFFSETS.gateway);
  const gatewayHost = new GatewayHost(site, "client-gateway")
    .on(pub, HOST_OFFSETS.gateway)
    .on(home, HOST_OFFSETS.gateway)
    .masquerade(home.subnet(), publicAddress);
  if (options.ftpHelper) gatewayHost.withFtpHelper("ipv4", target.controlPort);
  const gateway = await gatewayHost.start();
  const serverAddress = pub.address(HOST_OFFSETS.server);
  const server = await new ServerHost(site).on(pub, HOST_OFFSETS.server).advertising(serverAddress).start();
  const agents = await new AgentHosts(site)
    .on(home, HOST_OFFSETS)
    .routedVia({
      ipv4Default: null,
      ipv6Default: null,
      via: [{ subnet: pub.subnet(), gateway: gateway.addressOn(home) }],
    })
    .start();
  return {
    network: directNetworkFacts(
      { serverAddress, controlPort: target.controlPort, agents },
      // The server sees both behind the gateway's public address.
      { clientAddress: publicAddress, clientPrivateAddress: agents.clientAddress, intruderAddress: publicAddress },
    ),
    server,
    agents,
    gateways: [gateway],
  };
}
