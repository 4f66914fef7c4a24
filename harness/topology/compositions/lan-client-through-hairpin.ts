import { FORWARDED_SERVER_FACTS } from "./server-behind-nat.js";
import { HOST_OFFSETS } from "../host-offsets.js";
import { AgentHosts } from "../roles/agent-hosts.js";
import { NameServer } from "../roles/name-server.js";
import { controlPortRanges } from "./control-port-ranges.js";
import type { Composition, ScenarioHosts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { gatewaySides } from "./gateway-site.js";

/** The server's public name: under .test (RFC 6761), which no resolver outside may answer. */
export const HAIRPIN_PUBLIC_NAME = "ftp.dns-name-hairpin.test";
/** The name server on the private side, beside the server (as in dns-name). */
const NAME_SERVER_OFFSET = 53;

/**
 * The server behind a NAT gateway that forwards the control port and the whole passive range from its
 * public address, told that address as a host name a name server on its private side answers; but the
 * client and the intruder sit on the server's own network (the office LAN) and use the public name, as
 * users give one name to everybody. They reach the public address through the gateway (their route to
 * the public side), which DNATs it back onto the network it came from and source-NATs it to its own
 * address there (hairpin NAT), so the server's replies return through the gateway. The server sees
 * every connection from the gateway's address: control and data pair, and the intruder is not told
 * apart from the client.
 */
export function lanClientThroughHairpin(): Composition {
  return {
    facts: { ...FORWARDED_SERVER_FACTS, advertisesPublicName: true, sourceRewrite: "hairpin-snat" },
    build,
  };
}

async function build(site: TopologySite): Promise<ScenarioHosts> {
  const sides = await gatewaySides(site);
  const { target, pub, priv, publicAddress, serverAddress } = sides;
  const gatewayOnLan = priv.address(HOST_OFFSETS.gateway);
  const ports = [...controlPortRanges(target), target.passiveRange];
  const gateway = await sides
    .gateway()
    .forwardPorts(publicAddress, serverAddress, ports)
    .hairpin(priv.subnet(), serverAddress, gatewayOnLan)
    .masquerade(serverAddress, publicAddress)
    .start();
  const names = await new NameServer(site)
    .on(priv, NAME_SERVER_OFFSET)
    .answering(HAIRPIN_PUBLIC_NAME, publicAddress)
    .start();
  const server = await sides
    .server(gateway, { name: HAIRPIN_PUBLIC_NAME })
    .advertisingName(HAIRPIN_PUBLIC_NAME)
    .resolvingWith(names.address)
    .start();
  // The LAN's hosts reach the public side (and nothing beyond it) through the gateway.
  const agents = await new AgentHosts(site)
    .on(priv, HOST_OFFSETS)
    .routedVia({ ipv4Default: null, ipv6Default: null, via: [{ subnet: pub.subnet(), gateway: gatewayOnLan }] })
    .start();
  return {
    network: sides.facts(agents, {
      // As the server sees them: both from the gateway's address on the LAN (the hairpin SNAT).
      clientAddress: gatewayOnLan,
      intruderAddress: gatewayOnLan,
      forwardedPorts: target.passiveRange,
      publicName: { name: HAIRPIN_PUBLIC_NAME, earlierAddresses: [] },
    }),
    server,
    agents,
    gateways: [gateway],
    others: [{ role: "name-server", container: names.container }],
    connectionTable: () => gateway.connectionTable(),
  };
}
