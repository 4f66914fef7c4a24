import type { ExpectedCause } from "./expected-cause.js";
import type { NetworkFacts } from "./network-facts.js";
import type { StartedAgentHosts } from "./roles/agent-hosts.js";
import type { StartedGateway } from "./roles/gateway.js";
import type { StartedServerHost } from "./roles/server-host.js";
import type { AddressFamily } from "./topology-network.js";
import type { TopologySite } from "./topology-site.js";
import type { TopologyHost } from "./topology.js";

/** What a scenario is, as checks and reports read it: where the hosts sit and what is forwarded. */
export interface ScenarioSpec {
  name: string;
  description: string;
  /** Where it comes in runs and reports (ascending). */
  order: number;
  /** Why the scenario runs only when named (`--scenario`), or null where it is in the default run. */
  byNameOnly: string | null;
  /** The family of the control and data connections. */
  family: AddressFamily;
  /** The server sits on a private network behind a DNAT gateway. */
  natted: boolean;
  /** The server is configured with the gateway's public address. */
  advertisesPublicAddress: boolean;
  /**
   * The server is told its public address as a host name ({{publicName}}), which a name server inside
   * the topology resolves; absent where it is not (a target whose profile takes no name is skipped).
   */
  advertisesPublicName?: boolean;
  /**
   * Which passive ports a gateway in front of the server forwards besides the control port (none without
   * one); "shifted-range": the whole range, under other port numbers outside (external = internal + a shift).
   */
  forwarding: "whole-range" | "half-range" | "shifted-range" | "none";
  /** The gateway in front of the server runs the kernel FTP helper (nf_conntrack_ftp, nf_nat_ftp) on the control port. */
  ftpHelper: boolean;
  /** The client and intruder sit on a private network behind a masquerading gateway. */
  clientNat: boolean;
  /** The client's gateway runs the kernel FTP helper, which rewrites PORT and EPRT. */
  clientFtpHelper: boolean;
  /** A gateway or firewall stands between the client and the server (false: one network). */
  gatewayOnPath: boolean;
  /** What stands before the server does to the source of the client's connections (SourceRewrite). */
  sourceRewrite: SourceRewrite;
  /** How many copies of the server stand behind the balancer, and how it spreads a client's connections (Replicas). */
  replicas: Replicas;
  /**
   * The failures this scenario exists to show, by cause. A result is an expected failure only when
   * its evidence shows that cause; any other failure of the same check is a real one.
   */
  expectedCauses: readonly ExpectedCause[];
  /**
   * Why a check that dials one advertised data port cannot be decided here (whether it works
   * depends on which port the server picks), or null where it can.
   */
  dataPortsByChance: string | null;
}

/**
 * The source address the server sees on the client's connections, where something before it rewrites it:
 * - "none": the client's own address (or its NAT's public one), on every connection;
 * - "balancer-one-address": a load balancer source-NATs every connection to one address of its own,
 *   control and data alike (kube-proxy with externalTrafficPolicy: Cluster);
 * - "balancer-two-addresses": a load balancer source-NATs from a pool of two addresses, the control
 *   connection to the first and data connections to the second;
 * - "control-proxied": a userland TCP proxy re-originates the control connection from its own address,
 *   while the passive range is DNATed and keeps the client's (docker-proxy's case);
 * - "hairpin-snat": the client sits on the server's own network and dials the gateway's public address; the
 *   gateway's hairpin NAT source-NATs every such connection to its own address there, control and data alike.
 */
export type SourceRewrite =
  "none" | "balancer-one-address" | "balancer-two-addresses" | "control-proxied" | "hairpin-snat";

/**
 * The servers behind what stands before them, and how a balancer spreads a client's connections among them:
 * - "one": one server, every connection reaches it;
 * - "spread": two replicas of the server behind a balancer without source affinity, spreading connections
 *   by a function of each connection alone (its destination port: the control port to the first replica,
 *   the passive range to the second), so a data connection reaches a replica that did not send the 227/229;
 * - "client-affinity": two replicas behind a balancer that keeps a client's connections on the replica its
 *   control connection reached (sticky by the client's address, as `iptables -m recent` does for kube-proxy's
 *   sessionAffinity: ClientIP); a host that opened no control connection is spread as above.
 */
export type Replicas = "one" | "spread" | "client-affinity";

/** The hosts a scenario started, and what the checks are told about them. */
export interface ScenarioHosts {
  network: NetworkFacts;
  server: StartedServerHost;
  agents: StartedAgentHosts;
  gateways: readonly StartedGateway[];
  /**
   * The connection table (the kernel's conntrack, as /proc/net/nf_conntrack lists it) of the host that
   * rewrites the client's source (SourceRewrite), read when a failure needs its evidence; absent elsewhere.
   */
  connectionTable?: () => Promise<string>;
  /** Other hosts the composition started (a name server, ...), inspected as the gateways are. */
  others?: readonly TopologyHost[];
  /**
   * A step once the server greets the client, before any check: what changes after the server
   * started (a name that now resolves to another address). Bounded by the composition.
   */
  afterGreeting?: () => Promise<void>;
  /**
   * Where replicas stand behind a balancer: its packet filter's counters of new connections per replica
   * (`iptables-save -c`, rules commented replica-<n>-control and replica-<n>-data), read around each check.
   */
  replicaCounters?: () => Promise<string>;
}

/** A scenario: its facts, and how it composes the roles (gateway, server host, agent hosts) on a site. */
export interface Scenario extends ScenarioSpec {
  build(site: TopologySite): Promise<ScenarioHosts>;
}

/** The facts of what a composition builds: where the hosts sit, what is forwarded, which helpers run. */
export type TopologyFacts = Pick<
  ScenarioSpec,
  | "family"
  | "natted"
  | "advertisesPublicAddress"
  | "advertisesPublicName"
  | "forwarding"
  | "ftpHelper"
  | "clientNat"
  | "clientFtpHelper"
  | "gatewayOnPath"
  | "sourceRewrite"
  | "replicas"
>;

/**
 * A composition of the roles, as a function in ./compositions/ returns it: the facts it declares
 * beside the code that builds them, from the same options.
 */
export interface Composition {
  facts: TopologyFacts;
  build(site: TopologySite): Promise<ScenarioHosts>;
}

/** A scenario from its own words (name, order, expected causes, ...) and its composition, whose facts it takes. */
export function defineScenario({
  composition,
  ...about
}: Omit<ScenarioSpec, keyof TopologyFacts> & { composition: Composition }): Scenario {
  return { ...about, ...composition.facts, build: (site) => composition.build(site) };
}

/** A scenario's name: any name a file in ./scenarios/ declares. */
export type ScenarioName = string;

/**
 * A kernel FTP helper sits on the path (before the server or the client): it may move the data
 * port a 227/229 names when an earlier expectation holds it, and each advertised port is then
 * reachable once, through its expectation. Checks about the server's own port choice or its
 * listeners cannot be decided there.
 */
export function ftpHelperOnPath(scenario: ScenarioSpec): boolean {
  return scenario.ftpHelper || scenario.clientFtpHelper;
}

/**
 * Where a property of the server alone is measured, once per target: nothing stands between the
 * client and the server, over IPv4 (which every target serves).
 */
export function measuresServerAlone(scenario: ScenarioSpec): boolean {
  return !scenario.gatewayOnPath && scenario.family === "ipv4";
}

/**
 * Why the intruder cannot stand for another host here, or null: behind the client's NAT it shares the
 * client's public address; behind a source-NATing balancer it arrives from the balancer's addresses, as
 * the client does (a finding about the deployment: the server's foreign-connection check protects nothing there).
 */
export function intruderIndistinct(scenario: ScenarioSpec): string | null {
  if (scenario.clientNat) {
    return "behind the client's NAT the intruder shares the client's public address: the server cannot tell them apart";
  }
  if (scenario.sourceRewrite === "balancer-one-address" || scenario.sourceRewrite === "balancer-two-addresses") {
    return (
      "the load balancer source-NATs every connection, the intruder's as the client's, so the server sees both " +
      "arriving from the balancer's addresses and cannot tell them apart: in this deployment the server's refusal " +
      "of foreign data connections protects nothing (preserve the client's address at the balancer to keep it)"
    );
  }
  if (scenario.sourceRewrite === "hairpin-snat") {
    return (
      "the gateway's hairpin NAT source-NATs every connection from the server's own network to its public address, " +
      "the intruder's as the client's, so the server sees both arriving from the gateway's address and cannot tell " +
      "them apart: for clients on that network the server's refusal of foreign data connections protects nothing " +
      "(a local name that resolves to the server's own address avoids the hairpin)"
    );
  }
  return null;
}

/**
 * Why the server cannot take the client's active-mode address here, or null: a balancer or proxy before
 * it rewrites the control connection's source, so PORT/EPRT naming the client names an address the server
 * never saw (a server that checks PORT refuses it, as it must refuse a bounce), and active mode does not
 * cross the balancer. Passive mode is what this deployment offers.
 */
export function controlSourceRewritten(scenario: ScenarioSpec): string | null {
  switch (scenario.sourceRewrite) {
    case "none":
      return null;
    case "hairpin-snat":
      return (
        "the gateway's hairpin NAT rewrites the control connection's source: PORT/EPRT naming the client names an " +
        "address the server never saw, so active mode is not decided here (passive mode is)"
      );
    default:
      return (
        "a balancer or proxy before the server rewrites the control connection's source: PORT/EPRT naming the " +
        "client names an address the server never saw, so active mode does not cross it (passive mode is decided here)"
      );
  }
}

/**
 * Why the intruder's dial to a passive port cannot reach the server here, or null: the gateway in front
 * of the server forwards no data port and admits a data connection only through its FTP helper's
 * expectation, which names the client's address (nf_conntrack_ftp), so the gateway refuses or drops
 * the intruder before the server can see it; or a balancer spreads connections over two replicas and
 * sends the intruder's (a host that opened no control connection) by its port to the replica that did not
 * open the listener. What the server itself does with a foreign connection is measured where the
 * intruder reaches it.
 */
export function intruderStoppedBeforeServer(scenario: ScenarioSpec): string | null {
  if (scenario.replicas !== "one") {
    return (
      "the balancer sends the intruder's dial to a passive port (it opened no control connection) to the replica " +
      "that serves the passive range for new clients, not to the one whose session opened the listener: what a " +
      "server does with a foreign connection is measured in nat"
    );
  }
  return scenario.ftpHelper && scenario.forwarding === "none"
    ? "the gateway forwards no data port and admits a data connection only through its FTP helper's expectation, " +
        "which names the client's address: the intruder is stopped there before it reaches the server"
    : null;
}

/**
 * Why a data connection the client dials to the advertised port may not reach the session that
 * advertised it here, or null: where control and data reach the server from different addresses (a
 * balancer's SNAT pool, a userland proxy relaying only the control port), a server verifying the data
 * connection's address refuses it or waits for the right peer; where a balancer spreads connections over
 * replicas without affinity, it reaches another replica. The service probe then cannot tell a stalled
 * server from one refusing or waiting by the deployment's doing: it stops at the passive reply.
 */
export function dataMissesControlPeer(scenario: ScenarioSpec): string | null {
  if (scenario.replicas === "spread") {
    return "the balancer sends data connections to another replica than the one that sent the passive reply";
  }
  switch (scenario.sourceRewrite) {
    case "balancer-two-addresses":
      return (
        "the balancer source-NATs data connections from another address than the control connection, so a server " +
        "verifying the data connection's address refuses it or keeps waiting for the right peer"
      );
    case "control-proxied":
      return (
        "the proxy re-originates the control connection from its own address while data connections keep the " +
        "client's, so a server verifying the data connection's address refuses it or keeps waiting for the right peer"
      );
    default:
      return null;
  }
}
