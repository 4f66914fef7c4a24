import { describe, expect, it } from "vitest";
import { asScript, gatewayRuleCommands, relayCommand, routeCommands, type GatewayRule } from "./network-commands.js";

const line = (rule: GatewayRule) => gatewayRuleCommands(rule).map((c) => c.join(" "));
/** A balancer of two replicas (10.213.0.3, 10.213.0.6) behind 203.0.113.2, control port 21 unless told, range 30000-30009. */
const replicas = (affinity: boolean, controlPorts = [21]): GatewayRule => ({
  kind: "replicas",
  publicAddress: "203.0.113.2",
  controlPorts,
  passiveRange: { min: 30000, max: 30009 },
  replicas: ["10.213.0.3", "10.213.0.6"],
  affinity,
});
/** The rules counting each replica's new control and data connections, with or without affinity. */
const REPLICA_COUNTERS = [
  "iptables -A FORWARD -d 10.213.0.3 -p tcp --syn --dport 21 -m comment --comment replica-1-control",
  "iptables -A FORWARD -d 10.213.0.3 -p tcp --syn --dport 30000:30009 -m comment --comment replica-1-data",
  "iptables -A FORWARD -d 10.213.0.6 -p tcp --syn --dport 21 -m comment --comment replica-2-control",
  "iptables -A FORWARD -d 10.213.0.6 -p tcp --syn --dport 30000:30009 -m comment --comment replica-2-data",
];

describe("gatewayRuleCommands", () => {
  it.each<[string, GatewayRule, string[]]>([
    [
      "DNAT of the control port and a range",
      {
        kind: "dnat",
        publicAddress: "203.0.113.2",
        serverAddress: "10.213.0.3",
        ports: [
          { min: 21, max: 21 },
          { min: 30000, max: 30009 },
        ],
      },
      [
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 21 -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -j DNAT --to-destination 10.213.0.3",
      ],
    ],
    [
      "a shifted DNAT: each outside port to the server's port below it",
      {
        kind: "shifted-dnat",
        publicAddress: "203.0.113.2",
        serverAddress: "10.213.0.3",
        ports: { min: 30000, max: 30001 },
        shift: 10000,
      },
      [
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 40000 -j DNAT --to-destination 10.213.0.3:30000",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 40001 -j DNAT --to-destination 10.213.0.3:30001",
      ],
    ],
    [
      "a masquerade as the public address",
      { kind: "snat", source: "10.213.0.0/24", publicAddress: "203.0.113.2" },
      ["iptables -t nat -A POSTROUTING -s 10.213.0.0/24 -p tcp -j SNAT --to-source 203.0.113.2"],
    ],
    [
      "hairpin NAT: only what a DNAT sent from the LAN back to the server, from the gateway's own address",
      { kind: "hairpin-snat", lan: "10.213.0.0/24", server: "10.213.0.3", source: "10.213.0.2" },
      [
        "iptables -t nat -A POSTROUTING -s 10.213.0.0/24 -d 10.213.0.3 -p tcp -m conntrack --ctstate DNAT -j SNAT --to-source 10.213.0.2",
      ],
    ],
    [
      "a balancer's source NAT of the control port and a range",
      {
        kind: "inbound-snat",
        server: "10.213.0.3",
        ports: [
          { min: 21, max: 21 },
          { min: 30000, max: 30009 },
        ],
        source: "10.213.0.6",
      },
      [
        "iptables -t nat -A POSTROUTING -d 10.213.0.3 -p tcp --dport 21 -m conntrack --ctstate NEW -j SNAT --to-source 10.213.0.6",
        "iptables -t nat -A POSTROUTING -d 10.213.0.3 -p tcp --dport 30000:30009 -m conntrack --ctstate NEW -j SNAT --to-source 10.213.0.6",
      ],
    ],
    [
      "a balancer spreading two replicas by port: the control port to the first, the passive range to the second",
      replicas(false),
      [
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 21 -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -j DNAT --to-destination 10.213.0.6",
        ...REPLICA_COUNTERS,
      ],
    ],
    [
      "a balancer with client affinity: the passive range follows the client's control connection",
      replicas(true),
      [
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 21 -m recent --name ftp-replica-1 --set -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -m recent --name ftp-replica-1 --rcheck --seconds 10800 -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -j DNAT --to-destination 10.213.0.6",
        ...REPLICA_COUNTERS,
      ],
    ],
    [
      "a balancer with affinity and an implicit FTPS port: both control ports go to the first and set the client's affinity",
      replicas(true, [21, 990]),
      [
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 21 -m recent --name ftp-replica-1 --set -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 990 -m recent --name ftp-replica-1 --set -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -m recent --name ftp-replica-1 --rcheck --seconds 10800 -j DNAT --to-destination 10.213.0.3",
        "iptables -t nat -A PREROUTING -d 203.0.113.2 -p tcp --dport 30000:30009 -j DNAT --to-destination 10.213.0.6",
        "iptables -A FORWARD -d 10.213.0.3 -p tcp --syn --dport 21 -m comment --comment replica-1-control",
        "iptables -A FORWARD -d 10.213.0.3 -p tcp --syn --dport 990 -m comment --comment replica-1-control",
        "iptables -A FORWARD -d 10.213.0.3 -p tcp --syn --dport 30000:30009 -m comment --comment replica-1-data",
        "iptables -A FORWARD -d 10.213.0.6 -p tcp --syn --dport 21 -m comment --comment replica-2-control",
        "iptables -A FORWARD -d 10.213.0.6 -p tcp --syn --dport 990 -m comment --comment replica-2-control",
        "iptables -A FORWARD -d 10.213.0.6 -p tcp --syn --dport 30000:30009 -m comment --comment replica-2-data",
      ],
    ],
    [
      "one more address of the gateway's own",
      { kind: "extra-address", address: "10.213.0.6" },
      ["ip -4 addr add 10.213.0.6/32 dev lo"],
    ],
    [
      "the FTP helper for IPv6",
      { kind: "ftp-helper", family: "ipv6", controlPort: 21 },
      ["ip6tables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp"],
    ],
    [
      "a stateful IPv6 firewall letting in the control port only",
      { kind: "firewall", family: "ipv6", server: "fd00:db8:1:2::3", ports: [{ min: 21, max: 21 }] },
      [
        "ip6tables -P FORWARD DROP",
        "ip6tables -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "ip6tables -A FORWARD -s fd00:db8:1:2::3 -p tcp -m conntrack --ctstate NEW -j ACCEPT",
        "ip6tables -A FORWARD -d fd00:db8:1:2::3 -p tcp --dport 21 -m conntrack --ctstate NEW -j ACCEPT",
      ],
    ],
  ])("should render %s", (_what, rule, commands) => {
    expect(line(rule)).toEqual(commands);
  });
});

describe("routeCommands", () => {
  it("should delete both default routes, add routes to other subnets, and refuse lookups where asked", () => {
    const commands = routeCommands(
      { ipv4Default: null, ipv6Default: null, via: [{ subnet: "fd00:db8:1:2::/64", gateway: "fd00:db8:0:9::2" }] },
      { refuseLookups: true },
    ).map((c) => c.join(" "));
    expect(commands).toEqual([
      "ip -4 route flush exact 0.0.0.0/0",
      "ip -6 route flush exact ::/0",
      "ip -6 route replace fd00:db8:1:2::/64 via fd00:db8:0:9::2",
      "iptables -I OUTPUT -d 127.0.0.11 -j REJECT",
    ]);
  });

  it("should point the default route at a NAT gateway", () => {
    const [first] = routeCommands({ ipv4Default: "10.213.0.2", ipv6Default: null }, { refuseLookups: false });
    expect(first?.join(" ")).toBe("ip -4 route replace default via 10.213.0.2");
  });
});

describe("asScript", () => {
  it("should refuse a token that would need quoting", () => {
    expect(() => asScript([["ip", "route", "add", "x; reboot"]])).toThrow("unsafe token");
    expect(asScript([["ip", "-6", "route"]])[2]).toContain("ip -6 route");
  });
});

describe("relayCommand", () => {
  it("should accept on the public address and re-originate each connection to the server", () => {
    expect(relayCommand({ address: "203.0.113.2", ports: [21], to: "10.213.0.3" })).toEqual([
      "socat",
      "TCP4-LISTEN:21,bind=203.0.113.2,fork,reuseaddr",
      "TCP4:10.213.0.3:21",
    ]);
  });

  it("should relay an implicit FTPS port beside the control port: one socat each, under a shell that waits", () => {
    expect(relayCommand({ address: "203.0.113.2", ports: [21, 990], to: "10.213.0.3" })).toEqual([
      "sh",
      "-c",
      [
        "socat TCP4-LISTEN:21,bind=203.0.113.2,fork,reuseaddr TCP4:10.213.0.3:21 &",
        "socat TCP4-LISTEN:990,bind=203.0.113.2,fork,reuseaddr TCP4:10.213.0.3:990 &",
        "wait",
      ].join("\n"),
    ]);
    expect(() => relayCommand({ address: "203.0.113.2", ports: [], to: "10.213.0.3" })).toThrow("at least one port");
  });
});
