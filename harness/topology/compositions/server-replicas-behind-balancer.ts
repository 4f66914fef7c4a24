import { FORWARDED_SERVER_FACTS } from "./server-behind-nat.js";
import { HOST_OFFSETS } from "../host-offsets.js";
import { controlPorts } from "../../capture/control-ports.js";
import type { Composition, ScenarioHosts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { gatewaySides } from "./gateway-site.js";

/** Where the second replica sits on the servers' network (a /24: above the fixed hosts). */
const SECOND_REPLICA_OFFSET = 6;
export interface ReplicasOptions {
  /** The balancer keeps a client's passive range on the replica its control connection reached (sticky by client address). */
  affinity: boolean;
}

/**
 * Two replicas of the server (the same image, configuration and files) on a private network behind a load
 * balancer that DNATs the control port (and an implicit FTPS port a profile names) and the passive range from
 * its public address (both are told that address). Without affinity it spreads connections by destination
 * port alone: the control port to replica 1, the passive range to replica 2, so every data connection reaches
 * the replica that did not send the 227/229 (a balancer spreading per connection does this to some; here to
 * every one, so no verdict depends on chance). With affinity, a client's passive range follows its control
 * connection to replica 1. The clients' addresses are kept; the replicas' default routes go via the balancer,
 * which lets their own connections out as the public address. The harness watches replica 1 (its health, its
 * captures' peer).
 */
export function serverReplicasBehindBalancer(options: ReplicasOptions): Composition {
  return {
    facts: { ...FORWARDED_SERVER_FACTS, replicas: options.affinity ? "client-affinity" : "spread" },
    build: (site) => build(site, options),
  };
}

async function build(site: TopologySite, { affinity }: ReplicasOptions): Promise<ScenarioHosts> {
  const sides = await gatewaySides(site);
  const { target, priv, publicAddress } = sides;
  const replicas = [sides.serverAddress, priv.address(SECOND_REPLICA_OFFSET)] as const;
  const ports = { controlPorts: controlPorts(target), passiveRange: target.passiveRange };
  const gateway = await sides
    .gateway("balancer")
    .balancing(publicAddress, replicas, ports, affinity)
    .masquerade(replicas[0], publicAddress)
    .masquerade(replicas[1], publicAddress)
    .start();
  const replica = (role: string, offset: number) =>
    sides.server(gateway, { role, offset }).advertising(publicAddress).start();
  const server = await replica("server", HOST_OFFSETS.server);
  const second = await replica("replica-2", SECOND_REPLICA_OFFSET);
  const agents = await sides.agentsOutside();
  return {
    network: sides.facts(agents, { forwardedPorts: target.passiveRange, replicaAddresses: replicas }),
    server,
    // The second replica's namespace, inspected as the server's is (no-egress: its routes, its dials out).
    others: [{ role: "server-namespace-2", container: second.namespaceHolder }],
    agents,
    gateways: [gateway],
    replicaCounters: () => gateway.ruleCounters(),
  };
}
