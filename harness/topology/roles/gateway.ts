import type Dockerode from "dockerode";
import { execSetup } from "../../resources/exec-setup.js";
import type { PortRange } from "../network-facts.js";
import type { AddressFamily, TopologyNetwork } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { createHost, type Attachment } from "./host-container.js";
import {
  asScript,
  gatewayRuleCommands,
  relayCommand,
  routeCommands,
  type GatewayRule,
  type TcpRelay,
} from "./network-commands.js";
import { nftRuleset } from "./nft-ruleset.js";

/** What the gateway's rules are written with: iptables commands, or one nftables ruleset (as firewalld writes). */
export type PacketFilter = "iptables" | "nftables";

/**
 * Behind the FTP helper a data port the helper had to move (an earlier expectation held it) still
 * leads to the same server port. A closed data connection's conntrack entry (TIME_WAIT, 120 s by
 * default) then clashes with a new one whenever the client happens to reuse its source port: the
 * kernel drops the SYN, the expectation is used up, and the retransmitted SYN is refused (seen in
 * about 1 run of 9 with three runs at once: curl "connect to ...:47558 failed: Connection refused"
 * after 1.2 s). One second is ample for a closing data connection and makes the clash negligible.
 */
const HELPER_CONNTRACK_TIMEOUTS = {
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "1",
  "net.netfilter.nf_conntrack_tcp_timeout_close": "1",
};

/**
 * A hairpinning gateway forwards packets out of the interface they came in by, where Linux would tell the
 * sender (ICMP redirect) to go direct: pointless here (the hairpin SNAT exists so nobody does), and harmful,
 * since the redirect's bookkeeping shares the per-host state the kernel rate-limits its ICMP errors by: a
 * server whose replies were redirected got no "unreachable" for a dial out (measured: 4 rate-limited, the
 * dial hung until its 5 s timeout). A redirect is sent where `all` or the interface says so: both are set,
 * for each interface (Docker names them eth0, eth1, ... in attach order; all exist when the sysctls apply).
 */
function noRedirects(interfaces: number): Record<string, string> {
  const names = ["all", ...Array.from({ length: interfaces }, (_, i) => `eth${i}`)];
  return Object.fromEntries(names.map((name) => [`net.ipv4.conf.${name}.send_redirects`, "0"]));
}

/** Adds "$2" on the interface that holds "$1" (Docker names interfaces by attach order, which is not fixed). */
const ADD_ADDRESS = 'set -e; own=$1; add=$2; set -- $(ip -o -4 addr show to "$own"); ip -4 addr add "$add" dev "$2"';

/**
 * A router between two networks of a topology: what it forwards, translates and filters, set with
 * typed methods before it starts, as testcontainers' container builders do. It keeps no route out:
 * its default routes are deleted, so it forwards only between the topology's own subnets.
 */
export class GatewayHost {
  private readonly attachments: Attachment[] = [];
  private readonly rules: GatewayRule[] = [];
  private relay: TcpRelay | undefined;
  private readonly extraAddresses: Attachment[] = [];
  private filter: PacketFilter = "iptables";

  constructor(
    private readonly site: TopologySite,
    private readonly role = "gateway",
  ) {}

  /** Attaches the gateway to a network at this offset (both families where the network has IPv6). */
  on(network: TopologyNetwork, offset: number): this {
    this.attachments.push({ network, offset });
    return this;
  }

  /**
   * A second address on a network it is already on (IPv4), as a router that answers on two public
   * addresses: rules name it like the first (e.g. a `forwardPorts` of its own).
   */
  alsoAt(network: TopologyNetwork, offset: number): this {
    if (!this.attachments.some((a) => a.network === network)) throw new Error(`the gateway is not on ${network.name}`);
    this.extraAddresses.push({ network, offset });
    return this;
  }

  /** Writes the rules with this packet filter (default: iptables). */
  writtenWith(filter: PacketFilter): this {
    this.filter = filter;
    return this;
  }

  /** DNATs these ports of `publicAddress` to the server (IPv4). */
  forwardPorts(publicAddress: string, serverAddress: string, ports: readonly PortRange[]): this {
    if (ports.length > 0) this.rules.push({ kind: "dnat", publicAddress, serverAddress, ports });
    return this;
  }

  /**
   * DNATs the ports of `ports` moved by `shift` at `publicAddress` to the server's ports of `ports` (IPv4):
   * the range is published under other numbers, as `-p 40000-40009:30000-30009` does.
   */
  forwardShifted(publicAddress: string, serverAddress: string, ports: PortRange, shift: number): this {
    if (!Number.isInteger(shift) || shift === 0)
      throw new Error(`forwardShifted needs a non-zero whole shift: ${shift}`);
    if (ports.min + shift < 1 || ports.max + shift > 65535) {
      throw new Error(`ports ${ports.min}-${ports.max} moved by ${shift} leave the port numbers`);
    }
    this.rules.push({ kind: "shifted-dnat", publicAddress, serverAddress, ports, shift });
    return this;
  }

  /** Connections from `source` (an address or subnet) leave with `publicAddress` as their source (IPv4). */
  masquerade(source: string, publicAddress: string): this {
    this.rules.push({ kind: "snat", source, publicAddress });
    return this;
  }

  /**
   * Hairpin NAT for clients on `lan` (the server's own network): what a DNAT of the public address sends
   * back to `server` reaches it from `source`, the gateway's address on that network, so replies return
   * through the gateway (IPv4). The gateway then sends no ICMP redirects (it forwards out of the interface
   * the packet came in by, on purpose).
   */
  hairpin(lan: string, server: string, source: string): this {
    this.rules.push({ kind: "hairpin-snat", lan, server, source });
    return this;
  }

  /**
   * New connections to `server` on these ports reach it from `source` (the gateway's own address on the
   * server's network, or one added with withOwnAddress): a load balancer's source NAT (IPv4).
   */
  sourceNatTo(server: string, ports: readonly PortRange[], source: string): this {
    if (ports.length === 0) throw new Error("sourceNatTo needs at least one port range");
    this.rules.push({ kind: "inbound-snat", server, ports, source });
    return this;
  }

  /** One more IPv4 address of the gateway's own, answered on every network it is on (a balancer's pool). */
  withOwnAddress(address: string): this {
    this.rules.push({ kind: "extra-address", address });
    return this;
  }

  /**
   * Balances the control ports (the control port, and an implicit FTPS port) and the passive range of
   * `publicAddress` over two replicas (IPv4): by port alone (control to the first, passive range to the
   * second), or with `affinity` keeping a client's passive range on the replica its control connection reached.
   */
  balancing(
    publicAddress: string,
    replicas: readonly [string, string],
    ports: { controlPorts: readonly number[]; passiveRange: PortRange },
    affinity: boolean,
  ): this {
    this.rules.push({ kind: "replicas", publicAddress, replicas, ...ports, affinity });
    return this;
  }

  /** Relays connections to `address` on each of its ports to `to`, same port, re-originating each (docker-proxy). */
  relaying(relay: TcpRelay): this {
    if (this.relay) throw new Error("a gateway runs one relay");
    if (relay.ports.length === 0) throw new Error("a relay needs at least one port");
    this.relay = relay;
    return this;
  }

  /** Attaches the kernel FTP helper to control connections to `controlPort`. */
  withFtpHelper(family: AddressFamily, controlPort: number): this {
    this.rules.push({ kind: "ftp-helper", family, controlPort });
    return this;
  }

  /** Drops forwarded traffic except replies, related connections, and new ones to `server` on these ports. */
  allowOnly(family: AddressFamily, server: string, ports: readonly PortRange[]): this {
    this.rules.push({ kind: "firewall", family, server, ports });
    return this;
  }

  async start(): Promise<StartedGateway> {
    const helper = this.rules.some((rule) => rule.kind === "ftp-helper");
    const families = new Set(this.rules.map((rule) => ("family" in rule ? rule.family : "ipv4")));
    const container = await createHost(this.site.docker, {
      name: this.site.name(this.role),
      image: this.site.images.gateway,
      labels: this.site.labels,
      attachments: this.attachments,
      capabilities: ["NET_ADMIN", "NET_RAW"],
      ...(this.relay ? { cmd: relayCommand(this.relay) } : {}),
      sysctls: {
        // Each family is forwarded only where a rule of that family says what may pass.
        "net.ipv4.ip_forward": families.has("ipv4") ? "1" : "0",
        ...(families.has("ipv6") ? { "net.ipv6.conf.all.forwarding": "1" } : {}),
        ...(helper ? HELPER_CONNTRACK_TIMEOUTS : {}),
        ...(this.rules.some((rule) => rule.kind === "hairpin-snat") ? noRedirects(this.attachments.length) : {}),
      },
    });
    this.site.track(container);
    await container.start();
    const nft = this.filter === "nftables";
    const commands = [
      ...routeCommands({ ipv4Default: null, ipv6Default: null }, { refuseLookups: false }),
      ...(nft ? [] : this.rules.flatMap(gatewayRuleCommands)),
    ];
    await execSetup(container, asScript(commands));
    for (const extra of this.extraAddresses) {
      const own = this.attachments.find((a) => a.network === extra.network) as Attachment;
      const address = `${extra.network.address(extra.offset)}/${extra.network.prefixLength("ipv4")}`;
      await execSetup(container, ["sh", "-c", ADD_ADDRESS, "sh", extra.network.address(own.offset), address]);
    }
    // One argument, no shell: nft reads the whole ruleset from it.
    if (nft) await execSetup(container, ["nft", nftRuleset(this.rules)]);
    return new StartedGateway(container, this.attachments);
  }
}

export class StartedGateway {
  constructor(
    readonly container: Dockerode.Container,
    private readonly attachments: readonly Attachment[],
  ) {}

  /** The kernel's connection table here, as /proc/net/nf_conntrack lists it (who reached whom, before and after NAT). */
  connectionTable(): Promise<string> {
    return execSetup(this.container, ["cat", "/proc/net/nf_conntrack"]);
  }

  /** Its packet filter's rules with their counters, as `iptables-save -c` prints them (a balancer's per-replica counters). */
  ruleCounters(): Promise<string> {
    return execSetup(this.container, ["iptables-save", "-c", "-t", "filter"]);
  }

  /** The gateway's address on one of its networks. */
  addressOn(network: TopologyNetwork, family: AddressFamily = "ipv4"): string {
    const attachment = this.attachments.find((a) => a.network === network);
    if (!attachment) throw new Error(`the gateway is not on ${network.name}`);
    return network.address(attachment.offset, family);
  }
}
