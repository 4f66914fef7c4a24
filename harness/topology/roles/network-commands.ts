/**
 * The commands that set up a topology host's routes and a gateway's packet filter, as argument
 * lists rendered from typed values. Pure: the roles run them, the tests read them.
 */
import type { PortRange } from "../network-facts.js";
import type { AddressFamily } from "../topology-network.js";

/** What a gateway does to packets, for one address family. */
export type GatewayRule =
  /** Connections to `publicAddress` on these ports go to `serverAddress` (same ports). IPv4 only. */
  | { kind: "dnat"; publicAddress: string; serverAddress: string; ports: readonly PortRange[] }
  /**
   * Connections to `publicAddress` on the ports of `ports` moved by `shift` go to `serverAddress` on the
   * ports of `ports` (external = internal + shift, one DNAT per port, as `-p 40000-40009:30000-30009`
   * publishes a range). IPv4 only.
   */
  | { kind: "shifted-dnat"; publicAddress: string; serverAddress: string; ports: PortRange; shift: number }
  /** Connections from `source` (an address or subnet) leave as `publicAddress`: a NAT router's masquerade. IPv4 only. */
  | { kind: "snat"; source: string; publicAddress: string }
  /**
   * Hairpin NAT: connections from `lan` (a subnet) that a DNAT sent to `server` on that same network reach
   * it from `source`, the gateway's own address there, so the server's replies come back through the
   * gateway (which undoes the DNAT) instead of going straight to the client. IPv4 only.
   */
  | { kind: "hairpin-snat"; lan: string; server: string; source: string }
  /**
   * New connections to `server` on these ports reach it from `source`, an address of the gateway's own:
   * a load balancer's source NAT (kube-proxy's masquerade). IPv4 only.
   */
  | { kind: "inbound-snat"; server: string; ports: readonly PortRange[]; source: string }
  /** One more address of the gateway's own (on loopback; the kernel answers ARP for it on every link). IPv4 only. */
  | { kind: "extra-address"; address: string }
  /**
   * A load balancer in front of two replicas (IPv4): connections to `publicAddress` on the control ports (the
   * control port, and an implicit FTPS port) go to the first, on the passive range to the second, by
   * destination port alone (no affinity); with `affinity`, a client whose control connection the first took
   * keeps the passive range there too (`-m recent` on its source address, as kube-proxy's sessionAffinity:
   * ClientIP does).
   */
  | {
      kind: "replicas";
      publicAddress: string;
      controlPorts: readonly number[];
      passiveRange: PortRange;
      replicas: readonly [string, string];
      affinity: boolean;
    }
  /** The kernel FTP helper (nf_conntrack_ftp, nf_nat_ftp) reads control connections to this port. */
  | { kind: "ftp-helper"; family: AddressFamily; controlPort: number }
  /**
   * A stateful firewall: forwarded traffic is dropped except replies and related connections (what
   * the FTP helper expects), new connections to `server` on these ports, and the server's own new
   * connections out (as a firewall lets a server's active-mode data connections out).
   */
  | { kind: "firewall"; family: AddressFamily; server: string; ports: readonly PortRange[] };

/** A userland TCP relay: connections to `address` on each of `ports` are re-originated to `to`, same port. */
export interface TcpRelay {
  address: string;
  ports: readonly number[];
  to: string;
}

/**
 * The relay as a host's command: socat accepting on the public address and opening its own connection to
 * the server for each, as docker-proxy does for a published port (the server sees the relay's address).
 * Several ports: one socat each, under a shell that waits for them (every token checked by asScript).
 */
export function relayCommand(relay: TcpRelay): string[] {
  const socat = (port: number) => [
    "socat",
    `TCP4-LISTEN:${port},bind=${relay.address},fork,reuseaddr`,
    `TCP4:${relay.to}:${port}`,
  ];
  const [only, ...more] = relay.ports;
  if (only === undefined) throw new Error("a relay needs at least one port");
  if (more.length === 0) return socat(only);
  const commands = checkedTokens(relay.ports.map(socat));
  return ["sh", "-c", [...commands.map((command) => `${command.join(" ")} &`), "wait"].join("\n")];
}

/** How a host routes: its default route per family (null: none at all) and routes to other subnets. */
export interface HostRoutes {
  ipv4Default: string | null;
  ipv6Default: string | null;
  via?: ReadonlyArray<{ subnet: string; gateway: string }>;
}

const tables = (family: AddressFamily) => (family === "ipv4" ? "iptables" : "ip6tables");
const dport = (range: PortRange) => (range.min === range.max ? String(range.min) : `${range.min}:${range.max}`);

/** The `-m recent` list of the clients whose control connection the first replica took. */
const AFFINITY_LIST = "ftp-replica-1";
/** How long a client stays with its replica: kube-proxy's default for sessionAffinity: ClientIP (3 h). */
const AFFINITY_SECONDS = "10800";

function replicaCommands(rule: Extract<GatewayRule, { kind: "replicas" }>): string[][] {
  const [first, second] = rule.replicas;
  const to =
    (port: string, ...match: string[]) =>
    (destination: string) => [
      ...["iptables", "-t", "nat", "-A", "PREROUTING", "-d", rule.publicAddress, "-p", "tcp", "--dport", port],
      ...match,
      ...["-j", "DNAT", "--to-destination", destination],
    ];
  const controls = rule.controlPorts.map(String);
  const range = dport(rule.passiveRange);
  // The evidence of where connections went: a counter (a rule without a target) per replica for the new
  // control and data connections forwarded to it (a refused connection leaves no conntrack entry to read).
  const counters = rule.replicas.flatMap((replica, i) =>
    [...controls.map((port) => [port, "control"] as const), [range, "data"] as const].map(([port, what]) => [
      ...["iptables", "-A", "FORWARD", "-d", replica, "-p", "tcp", "--syn", "--dport", port],
      ...["-m", "comment", "--comment", replicaCounterName(i + 1, what)],
    ]),
  );
  const dnat = rule.affinity
    ? [
        ...controls.map((control) => to(control, "-m", "recent", "--name", AFFINITY_LIST, "--set")(first)),
        to(range, "-m", "recent", "--name", AFFINITY_LIST, "--rcheck", "--seconds", AFFINITY_SECONDS)(first),
        to(range)(second),
      ]
    : [...controls.map((control) => to(control)(first)), to(range)(second)];
  return [...dnat, ...counters];
}

/** The comment naming a balancer's counter of new connections to a replica (1 is the first) on the control port or the passive range. */
export function replicaCounterName(replica: number, what: "control" | "data"): string {
  return `replica-${replica}-${what}`;
}

/** Each port of a shifted DNAT: the number outside and the server's own, in order. Pure. */
export function shiftedPorts(
  rule: Extract<GatewayRule, { kind: "shifted-dnat" }>,
): Array<{ external: number; internal: number }> {
  const list: Array<{ external: number; internal: number }> = [];
  for (let internal = rule.ports.min; internal <= rule.ports.max; internal++) {
    list.push({ external: internal + rule.shift, internal });
  }
  return list;
}

export function gatewayRuleCommands(rule: GatewayRule): string[][] {
  switch (rule.kind) {
    case "dnat":
      return rule.ports.map((range) => [
        ...["iptables", "-t", "nat", "-A", "PREROUTING", "-d", rule.publicAddress, "-p", "tcp"],
        ...["--dport", dport(range), "-j", "DNAT", "--to-destination", rule.serverAddress],
      ]);
    case "shifted-dnat":
      return shiftedPorts(rule).map(({ external, internal }) => [
        ...["iptables", "-t", "nat", "-A", "PREROUTING", "-d", rule.publicAddress, "-p", "tcp"],
        ...["--dport", String(external), "-j", "DNAT", "--to-destination", `${rule.serverAddress}:${internal}`],
      ]);
    case "snat":
      return [
        [
          ...["iptables", "-t", "nat", "-A", "POSTROUTING", "-s", rule.source, "-p", "tcp"],
          ...["-j", "SNAT", "--to-source", rule.publicAddress],
        ],
      ];
    case "hairpin-snat":
      return [
        [
          ...["iptables", "-t", "nat", "-A", "POSTROUTING", "-s", rule.lan, "-d", rule.server, "-p", "tcp"],
          ...["-m", "conntrack", "--ctstate", "DNAT", "-j", "SNAT", "--to-source", rule.source],
        ],
      ];
    case "inbound-snat":
      return rule.ports.map((range) => [
        ...["iptables", "-t", "nat", "-A", "POSTROUTING", "-d", rule.server, "-p", "tcp", "--dport", dport(range)],
        ...["-m", "conntrack", "--ctstate", "NEW", "-j", "SNAT", "--to-source", rule.source],
      ]);
    case "replicas":
      return replicaCommands(rule);
    case "extra-address":
      return [["ip", "-4", "addr", "add", `${rule.address}/32`, "dev", "lo"]];
    case "ftp-helper":
      return [
        [
          ...[tables(rule.family), "-t", "raw", "-A", "PREROUTING", "-p", "tcp", "--dport", String(rule.controlPort)],
          ...["-j", "CT", "--helper", "ftp"],
        ],
      ];
    case "firewall":
      return [
        [tables(rule.family), "-P", "FORWARD", "DROP"],
        [tables(rule.family), "-A", "FORWARD", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"],
        [
          tables(rule.family),
          "-A",
          "FORWARD",
          "-s",
          rule.server,
          "-p",
          "tcp",
          "-m",
          "conntrack",
          "--ctstate",
          "NEW",
        ].concat(["-j", "ACCEPT"]),
        ...rule.ports.map((range) => [
          ...[tables(rule.family), "-A", "FORWARD", "-d", rule.server, "-p", "tcp", "--dport", dport(range)],
          ...["-m", "conntrack", "--ctstate", "NEW", "-j", "ACCEPT"],
        ]),
      ];
  }
}

/**
 * A host's routes: defaults deleted or replaced per family, routes to other subnets added, and
 * name lookups refused at once (Docker's embedded resolver at 127.0.0.11 has no upstream inside a
 * topology; a reverse lookup through it waited 10 s before failing) where the host has iptables.
 */
export function routeCommands(routes: HostRoutes, options: { refuseLookups: boolean }): string[][] {
  const defaults = (family: "-4" | "-6", via: string | null) =>
    via === null
      ? [["ip", family, "route", "flush", "exact", family === "-4" ? "0.0.0.0/0" : "::/0"]]
      : [["ip", family, "route", "replace", "default", "via", via]];
  return [
    ...defaults("-4", routes.ipv4Default),
    ...defaults("-6", routes.ipv6Default),
    ...(routes.via ?? []).map(({ subnet, gateway }) => [
      "ip",
      subnet.includes(":") ? "-6" : "-4",
      "route",
      "replace",
      subnet,
      "via",
      gateway,
    ]),
    ...(options.refuseLookups ? [["iptables", "-I", "OUTPUT", "-d", "127.0.0.11", "-j", "REJECT"]] : []),
  ];
}

const SAFE_TOKEN = /^[A-Za-z0-9.:/_,+=-]+$/;

/** The commands, each token checked to need no quoting in a shell script. */
function checkedTokens(commands: readonly string[][]): readonly string[][] {
  for (const token of commands.flat()) {
    if (!SAFE_TOKEN.test(token)) throw new Error(`unsafe token in a set-up command: '${token}'`);
  }
  return commands;
}

/** The commands as one `sh -c` script that stops at the first failure; every token is checked to need no quoting. */
export function asScript(commands: readonly string[][]): string[] {
  checkedTokens(commands);
  return ["sh", "-c", ["set -e", ...commands.map((c) => c.join(" ")), "ip route; ip -6 route"].join("\n")];
}
