import type Dockerode from "dockerode";
import ipaddr from "ipaddr.js";
import { execSetup } from "../../resources/exec-setup.js";
import type { TopologyNetwork } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { createHost, type Attachment } from "./host-container.js";
import { asScript, routeCommands } from "./network-commands.js";

/** The hosts file dnsmasq answers from (re-read on SIGHUP), and where it logs each query. */
const NAMES_FILE = "/etc/topology-names";
const PID_FILE = "/run/topology-dnsmasq.pid";
export const NAME_SERVER_LOG = "/tmp/topology-dns.log";

/** A host name as RFC 1123 allows it: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * dnsmasq's options: answers only from the names file (never /etc/hosts, never resolv.conf), no
 * upstream server at all, so a lookup of any other name fails inside the topology and none is
 * forwarded; TTL 0, so no resolver keeps an answer past a change; every query logged.
 */
export function dnsmasqCommand(listenAddress: string): string[] {
  // dnsmasq reads an option's value only after '=' (a value as the next word is "junk").
  return [
    "dnsmasq",
    "--no-resolv",
    "--no-hosts",
    "--no-poll",
    `--addn-hosts=${NAMES_FILE}`,
    `--listen-address=${listenAddress}`,
    "--bind-interfaces",
    "--port=53",
    "--local-ttl=0",
    "--user=root",
    `--pid-file=${PID_FILE}`,
    "--log-queries",
    `--log-facility=${NAME_SERVER_LOG}`,
  ];
}

/** The names file's lines (`address name`), checked: a name that is not a host name, or an address that is not IPv4, is refused. Pure. */
export function namesFile(records: ReadonlyMap<string, string>): string {
  return [...records]
    .map(([name, address]) => {
      if (!HOST_NAME.test(name)) throw new Error(`name server: '${name}' is not a host name`);
      if (!ipaddr.IPv4.isValidFourPartDecimal(address))
        throw new Error(`name server: '${address}' is not an IPv4 address`);
      return `${address} ${name}\n`;
    })
    .join("");
}

/** Writes the names file in place (the shell's '>' keeps its inode) from the script's arguments. */
const WRITE_NAMES = 'printf "%s" "$1" > ' + NAMES_FILE;

/**
 * A small name server inside the topology (dnsmasq, in the gateway image): it answers the names it
 * is given and nothing else, and keeps no route out. A record can be changed after it started
 * (`StartedNameServer.answer`), as a dynamic DNS update would.
 */
export class NameServer {
  private attachment: Attachment | undefined;
  private readonly records = new Map<string, string>();

  constructor(private readonly site: TopologySite) {}

  on(network: TopologyNetwork, offset: number): this {
    this.attachment = { network, offset };
    return this;
  }

  /** Answers `name` with `address` (IPv4); refuses a name that is not a host name at once. */
  answering(name: string, address: string): this {
    this.records.set(name, address);
    namesFile(this.records);
    return this;
  }

  async start(): Promise<StartedNameServer> {
    const { site, attachment } = this;
    if (!attachment) throw new Error("the name server needs a network");
    const container = await createHost(site.docker, {
      name: site.name("names"),
      image: site.images.gateway,
      labels: site.labels,
      attachments: [attachment],
      capabilities: ["NET_ADMIN"],
    });
    site.track(container);
    await container.start();
    const address = attachment.network.address(attachment.offset);
    await execSetup(
      container,
      asScript(routeCommands({ ipv4Default: null, ipv6Default: null }, { refuseLookups: false })),
    );
    await execSetup(container, ["sh", "-c", WRITE_NAMES, "sh", namesFile(this.records)]);
    // dnsmasq forks into the background once it listens: the exec returns when it answers.
    await execSetup(container, dnsmasqCommand(address));
    return new StartedNameServer(container, address, new Map(this.records));
  }
}

export class StartedNameServer {
  constructor(
    readonly container: Dockerode.Container,
    /** Where it listens (port 53, UDP and TCP): what a host's resolv.conf names. */
    readonly address: string,
    private readonly records: Map<string, string>,
  ) {}

  /** From now on answers `name` with `address`: the names file is rewritten and dnsmasq re-reads it (SIGHUP). */
  async answer(name: string, address: string): Promise<void> {
    const next = new Map(this.records).set(name, address);
    const content = namesFile(next);
    await execSetup(this.container, ["sh", "-c", `${WRITE_NAMES} && kill -HUP "$(cat ${PID_FILE})"`, "sh", content]);
    this.records.set(name, address);
  }

  /** The queries it answered, from its log (for evidence and the no-egress proof). */
  async queryLog(): Promise<string> {
    return execSetup(this.container, ["cat", NAME_SERVER_LOG]);
  }
}
