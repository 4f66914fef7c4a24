import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts } from "../roles/agent-hosts.js";
import { ServerHost } from "../roles/server-host.js";
import type { Composition, ScenarioHosts } from "../scenario.js";
import type { AddressFamily } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";

/** Client, intruder and server on one internal network, no gateway, no host with a route out. */
export function sameNetwork(family: AddressFamily): Composition {
  return {
    facts: {
      family,
      natted: false,
      advertisesPublicAddress: family === "ipv4",
      forwarding: "none",
      ftpHelper: false,
      clientNat: false,
      clientFtpHelper: false,
      gatewayOnPath: false,
      sourceRewrite: "none",
      replicas: "one",
    },
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
    network: {
      control: { host: serverAddress, port: site.target.controlPort },
      publicAddress: serverAddress,
      serverAddress,
      privateSubnets: [],
      clientAddress: agents.clientAddress,
      clientPrivateAddress: null,
      intruderAddress: agents.intruderAddress,
      forwardedPorts: null,
    },
    server,
    agents,
    gateways: [],
  };
}
