import type { NetworkFacts } from "../network-facts.js";

/** Where the hosts of a gateway composition are: the server on the private network, the agents outside. */
export interface GatewaySides {
  /** The gateway's public address, where the client opens the control connection. */
  publicAddress: string;
  /** The server's own address on the private network. */
  serverAddress: string;
  /** The private network's subnet (not reachable from the client). */
  privateSubnet: string;
  controlPort: number;
  /** The agents on the public side, at their own addresses. */
  agents: { clientAddress: string; intruderAddress: string };
}

/**
 * The network facts of a server behind a gateway (NAT, balancer, proxy): the control connection to the
 * public address, the private side unreachable, the agents as the server sees them by default (their own
 * addresses, no client-side NAT). A composition states what differs: the ports it forwards, and any
 * other fact it changes or adds. Pure.
 */
export function gatewayNetworkFacts(
  sides: GatewaySides,
  differs: Pick<NetworkFacts, "forwardedPorts"> & Partial<NetworkFacts>,
): NetworkFacts {
  return {
    control: { host: sides.publicAddress, port: sides.controlPort },
    publicAddress: sides.publicAddress,
    serverAddress: sides.serverAddress,
    privateSubnets: [sides.privateSubnet],
    clientAddress: sides.agents.clientAddress,
    clientPrivateAddress: null,
    intruderAddress: sides.agents.intruderAddress,
    ...differs,
  };
}

/**
 * The network facts of a server the client dials at its own address (no NAT in front of it): nothing
 * private, the agents as the server sees them by default (their own addresses), no forwarded range. A
 * composition states what differs. Pure.
 */
export function directNetworkFacts(
  sides: Pick<GatewaySides, "serverAddress" | "controlPort" | "agents">,
  differs: Partial<NetworkFacts> = {},
): NetworkFacts {
  return {
    control: { host: sides.serverAddress, port: sides.controlPort },
    publicAddress: sides.serverAddress,
    serverAddress: sides.serverAddress,
    privateSubnets: [],
    clientAddress: sides.agents.clientAddress,
    clientPrivateAddress: null,
    intruderAddress: sides.agents.intruderAddress,
    forwardedPorts: null,
    ...differs,
  };
}
