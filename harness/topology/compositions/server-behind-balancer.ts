import { FORWARDED_SERVER_FACTS } from "./server-behind-nat.js";
import { HOST_OFFSETS } from "../host-offsets.js";
import { controlPortRanges } from "./control-port-ranges.js";
import { controlPorts } from "../../capture/control-ports.js";
import type { Composition, ScenarioHosts, SourceRewrite } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { gatewaySides } from "./gateway-site.js";

/** Where the balancer's second source address sits on the server's network (a /24: above the fixed hosts). */
const POOL_SECOND_OFFSET = 6;

export interface BalancerOptions {
  /** What the balancer or proxy does to the client's source address (not "none": that is serverBehindNat). */
  sourceRewrite: Exclude<SourceRewrite, "none">;
}

/**
 * The server on a private network behind a load balancer that forwards the control port (and an implicit FTPS
 * port a profile names) and the passive range from its public address (the server is told that address), and
 * rewrites the source of the client's connections as `sourceRewrite` says: source NAT to one address of its
 * own or to a pool of two (control to the first, data to the second), or a userland relay of the control port
 * (and the implicit FTPS port) with the passive range DNATed (the data connections keep the client's
 * address). The server's default route goes via the balancer, which lets its own connections out as the
 * public address; the client and intruder sit on the public side.
 */
export function serverBehindBalancer(options: BalancerOptions): Composition {
  return {
    facts: { ...FORWARDED_SERVER_FACTS, sourceRewrite: options.sourceRewrite },
    build: (site) => build(site, options),
  };
}

async function build(site: TopologySite, { sourceRewrite }: BalancerOptions): Promise<ScenarioHosts> {
  const sides = await gatewaySides(site);
  const { target, priv, publicAddress, serverAddress } = sides;
  // The balancer's own address on the server's network: the first SNAT address, and the relay's source.
  const first = priv.address(HOST_OFFSETS.gateway);
  const second = priv.address(POOL_SECOND_OFFSET);
  const control = controlPortRanges(target);
  const range = target.passiveRange;
  const balancer = sides.gateway("balancer");
  if (sourceRewrite === "control-proxied") {
    balancer
      .relaying({ address: publicAddress, ports: controlPorts(target), to: serverAddress })
      .forwardPorts(publicAddress, serverAddress, [range]);
  } else {
    balancer.forwardPorts(publicAddress, serverAddress, [...control, range]).sourceNatTo(serverAddress, control, first);
    if (sourceRewrite === "balancer-two-addresses") {
      balancer.withOwnAddress(second).sourceNatTo(serverAddress, [range], second);
    } else {
      balancer.sourceNatTo(serverAddress, [range], first);
    }
  }
  const gateway = await balancer.masquerade(serverAddress, publicAddress).start();
  const server = await sides.server(gateway).advertising(publicAddress).start();
  const agents = await sides.agentsOutside();
  // As the server sees them: the control connection from the balancer (or the relay); the intruder's data
  // connection from the balancer's data address, or from its own address where the range is only DNATed.
  const intruderAddress =
    sourceRewrite === "control-proxied"
      ? agents.intruderAddress
      : sourceRewrite === "balancer-two-addresses"
        ? second
        : first;
  return {
    network: sides.facts(agents, { clientAddress: first, intruderAddress, forwardedPorts: range }),
    server,
    agents,
    gateways: [gateway],
    connectionTable: () => gateway.connectionTable(),
  };
}
