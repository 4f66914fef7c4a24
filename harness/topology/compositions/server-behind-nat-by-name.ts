import { FORWARDED_SERVER_FACTS } from "./server-behind-nat.js";
import { NameServer } from "../roles/name-server.js";
import { type StartedServerHost } from "../roles/server-host.js";
import { controlPortRanges } from "./control-port-ranges.js";
import type { Composition, ScenarioHosts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { sleep } from "../../util/deadline.js";
import { gatewaySides } from "./gateway-site.js";

/** The server's public name: under .test (RFC 6761), which no resolver outside may answer. */
export const PUBLIC_NAME = "ftp.dns-name.test";
/** The public side's free host (a /29: .2 gateway, .3 unused behind NAT, .4 client, .5 intruder): the name's address at start. */
const EARLIER_OFFSET = 6;
/** The name server on the private side, beside the server. */
const NAME_SERVER_OFFSET = 53;
/**
 * How long the change of the name may take to show in the server's own lookups: dnsmasq re-reads
 * its names file on SIGHUP within milliseconds; past this the topology is not built.
 */
export const NAME_CHANGE_WAIT_MS = 5000;

/**
 * As server-behind-nat with the whole range forwarded and no helper, but the server is told its
 * public address as a host name, which a name server on its private side answers (nothing is
 * forwarded out). The name first resolves to a second public address of the gateway; once the
 * server greets, it is changed to the gateway's first address, where the client reaches the
 * server (a dynamic-DNS update). The gateway forwards both, so a server that resolved the name
 * once, at start, still works through the old address: what tells it apart is the address its 227
 * names, which the checks compare with what the name resolves to now.
 */
export function serverBehindNatByName(): Composition {
  return {
    facts: { ...FORWARDED_SERVER_FACTS, advertisesPublicName: true },
    build,
  };
}

async function build(site: TopologySite): Promise<ScenarioHosts> {
  const sides = await gatewaySides(site);
  const { target, pub, priv, publicAddress, serverAddress } = sides;
  const earlierAddress = pub.address(EARLIER_OFFSET);
  const ports = [...controlPortRanges(target), target.passiveRange];
  const gateway = await sides
    .gateway()
    .alsoAt(pub, EARLIER_OFFSET)
    .forwardPorts(publicAddress, serverAddress, ports)
    .forwardPorts(earlierAddress, serverAddress, ports)
    .masquerade(serverAddress, publicAddress)
    .start();
  const names = await new NameServer(site).on(priv, NAME_SERVER_OFFSET).answering(PUBLIC_NAME, earlierAddress).start();
  const server = await sides
    .server(gateway, { name: PUBLIC_NAME })
    .advertisingName(PUBLIC_NAME)
    .resolvingWith(names.address)
    .start();
  const agents = await sides.agentsOutside();
  return {
    network: sides.facts(agents, {
      forwardedPorts: target.passiveRange,
      publicName: { name: PUBLIC_NAME, earlierAddresses: [earlierAddress] },
    }),
    server,
    agents,
    gateways: [gateway],
    others: [{ role: "name-server", container: names.container }],
    afterGreeting: async () => {
      await names.answer(PUBLIC_NAME, publicAddress);
      await untilResolved(server, publicAddress);
    },
  };
}

/** Waits (bounded) until the name resolves to `address` in the server's own namespace. */
async function untilResolved(server: StartedServerHost, address: string): Promise<void> {
  const deadline = Date.now() + NAME_CHANGE_WAIT_MS;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await server.lookup(PUBLIC_NAME);
    if (seen.length === 1 && seen[0] === address) return;
    await sleep(100);
  }
  throw new Error(
    `${PUBLIC_NAME} still resolved to ${seen.join(", ") || "nothing"} in the server's namespace ` +
      `${NAME_CHANGE_WAIT_MS / 1000} s after the name server was told ${address}`,
  );
}
