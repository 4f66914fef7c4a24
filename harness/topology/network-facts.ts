/** What a built topology tells the checks: where things are, and the server's health. Pure types. */
import type { Endpoint } from "../ftp/endpoint.js";

/** Where things are, as the client host sees them. */
export interface NetworkFacts {
  /** Where the client opens the control connection: the server, or the gateway's public side. */
  control: Endpoint;
  /** The address a correct 227 names: the gateway's public address behind NAT, else the server's. */
  publicAddress: string;
  /** The server's own address on its network (private behind NAT). */
  serverAddress: string;
  /** Subnets of the topology that are not reachable from the client (the private side). */
  privateSubnets: string[];
  /** The client host's address as the server sees it (behind a client-side NAT, its gateway's public address). */
  clientAddress: string;
  /** Behind a client-side NAT, the client host's own (private) address, which the server cannot reach; else null. */
  clientPrivateAddress: string | null;
  /** The intruder host: outside, like the client, at another address. */
  intruderAddress: string;
  /**
   * The passive ports the gateway forwards to the server, known to the harness; null where no
   * gateway forwards a range (direct, or the FTP helper opens each data port itself).
   */
  forwardedPorts: PortRange | null;
  /**
   * Where the server is told its public address as a host name: the name, and the addresses it
   * resolved to before it changed after the server started (it resolves to `publicAddress` now).
   */
  publicName?: { name: string; earlierAddresses: readonly string[] };

  /**
   * True where a gateway in front of the server forwards only the control port and attaches no FTP
   * helper: a data connection to the public address meets the gateway itself. Absent: false.
   */
  dataPortsClosedAtGateway?: boolean;
  /**
   * Where a gateway forwards the server's passive range under other numbers (external = internal + `by`,
   * as `-p 40000-40009:30000-30009` publishes it): the server's `range`, and the shift. A 227/229 naming a
   * port of `range` names one closed outside. Absent where the numbers are the same on both sides.
   */
  portShift?: { range: PortRange; by: number };
  /**
   * Where replicas of the server stand behind a balancer: each replica's address, in order (the first is
   * serverAddress, the one the harness watches); absent where one server stands.
   */
  replicaAddresses?: readonly string[];
}

export interface PortRange {
  min: number;
  max: number;
}

/** True when `port` lies in `range`, both ends included. Pure. */
export const inPortRange = (port: number, range: PortRange): boolean => port >= range.min && port <= range.max;

/**
 * The port outside that leads to the server's `port`: moved by the gateway's shift where the port lies
 * in the shifted range, else the same number. Pure.
 */
export function publicPortOf(port: number, network: Pick<NetworkFacts, "portShift">): number {
  const shift = network.portShift;
  return shift && inPortRange(port, shift.range) ? port + shift.by : port;
}

export interface ServerHealth {
  running: boolean;
  exitCode: number | null;
  logTail: string;
}
