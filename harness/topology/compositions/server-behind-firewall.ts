import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts } from "../roles/agent-hosts.js";
import { GatewayHost } from "../roles/gateway.js";
import { ServerHost } from "../roles/server-host.js";
import { controlPortRanges } from "./control-port-ranges.js";
import type { Composition, ScenarioHosts, ScenarioSpec } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { forwardedWindow } from "./forwarded-window.js";
import { directNetworkFacts } from "./network-facts-of.js";
import { SAME_NETWORK_FACTS } from "./same-network.js";

export interface ServerFirewallOptions {
  forwarding: Exclude<ScenarioSpec["forwarding"], "shifted-range">;
  /** The firewall attaches the kernel FTP helper to the control port (it opens each data port itself). */
  ftpHelper: boolean;
}

/**
 * The server on its own IPv6 network behind a stateful ip6tables firewall, as IPv6 deployments firewall
 * rather than NAT: no address is translated, the server's address is the one clients dial, and the firewall
 * lets in new connections only to the control port (and an implicit FTPS port a profile names) and the chosen
 * window (plus, with the helper, the data ports it learns from EPSV replies). Each side routes to the other's
 * subnet via the firewall and nowhere else.
 */
export function serverBehindFirewall(options: ServerFirewallOptions): Composition {
  return {
    facts: {
      ...SAME_NETWORK_FACTS,
      family: "ipv6",
      advertisesPublicAddress: false,
      forwarding: options.forwarding,
      ftpHelper: options.ftpHelper,
      gatewayOnPath: true,
    },
    build: (site) => build(site, options),
  };
}

async function build(site: TopologySite, options: ServerFirewallOptions): Promise<ScenarioHosts> {
  const { target } = site;
  const outside = await site.network("public", { side: "public", ipv6: true });
  const inside = await site.network("private", { side: "private", ipv6: true });
  const serverAddress = inside.address(HOST_OFFSETS.server, "ipv6");
  const window = forwardedWindow(options.forwarding, target.passiveRange);
  const firewallHost = new GatewayHost(site, "firewall")
    .on(outside, HOST_OFFSETS.gateway)
    .on(inside, HOST_OFFSETS.gateway)
    .allowOnly("ipv6", serverAddress, [...controlPortRanges(target), ...(window ? [window] : [])]);
  if (options.ftpHelper) firewallHost.withFtpHelper("ipv6", target.controlPort);
  const firewall = await firewallHost.start();
  const server = await new ServerHost(site)
    .on(inside, HOST_OFFSETS.server)
    .routedVia({
      ipv4Default: null,
      ipv6Default: null,
      via: [{ subnet: outside.subnet("ipv6"), gateway: firewall.addressOn(inside, "ipv6") }],
    })
    .serving("ipv6")
    // PASV can name only an IPv4 address, and EPSV names none: there is nothing to advertise.
    .advertising(null)
    .start();
  const agents = await new AgentHosts(site)
    .on(outside, HOST_OFFSETS)
    .speaking("ipv6")
    .routedVia({
      ipv4Default: null,
      ipv6Default: null,
      via: [{ subnet: inside.subnet("ipv6"), gateway: firewall.addressOn(outside, "ipv6") }],
    })
    .start();
  return {
    network: directNetworkFacts({ serverAddress, controlPort: target.controlPort, agents }, { forwardedPorts: window }),
    server,
    agents,
    gateways: [firewall],
  };
}
