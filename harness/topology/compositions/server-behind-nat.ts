import type { PacketFilter } from "../roles/gateway.js";
import { controlPortRanges } from "./control-port-ranges.js";
import type { Composition, ScenarioHosts, ScenarioSpec, TopologyFacts } from "../scenario.js";
import type { TopologySite } from "../topology-site.js";
import { forwardedWindow, passiveShift } from "./forwarded-window.js";
import { gatewaySides } from "./gateway-site.js";

export interface ServerNatOptions {
  forwarding: ScenarioSpec["forwarding"];
  /** The gateway attaches the kernel FTP helper to the control port. */
  ftpHelper: boolean;
  /** The server is told the gateway's public address. */
  advertisesPublicAddress: boolean;
  /** What the gateway's NAT and helper are written with (default: iptables). */
  packetFilter?: PacketFilter;
}

/**
 * The facts of nat's shape, which the other gateway compositions vary one or two of: an IPv4 server on
 * a private network behind a gateway that forwards the control port (and an implicit FTPS port) and the
 * whole passive range, told the gateway's public address; no helper, no client-side NAT, nothing
 * rewriting the client's source, one server.
 */
export const FORWARDED_SERVER_FACTS: TopologyFacts = {
  family: "ipv4",
  natted: true,
  advertisesPublicAddress: true,
  forwarding: "whole-range",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  gatewayOnPath: true,
  sourceRewrite: "none",
  replicas: "one",
};

/**
 * The server on a private network behind a DNAT gateway (IPv4): the gateway forwards the control
 * port (and the implicit FTPS port a profile names) and the chosen passive window, lets the server's
 * own connections out as its public address (as a NAT router does, so active mode and bounces are
 * visible), and may run the FTP helper. The
 * server's default route goes via the gateway; the client and intruder sit on the public side. With
 * "shifted-range" it forwards the passive range under other numbers outside (external = internal + a shift). The
 * gateway's rules are iptables commands, or one nftables ruleset with the helper as a `ct helper` object.
 */
export function serverBehindNat(options: ServerNatOptions): Composition {
  return {
    facts: {
      ...FORWARDED_SERVER_FACTS,
      advertisesPublicAddress: options.advertisesPublicAddress,
      forwarding: options.forwarding,
      ftpHelper: options.ftpHelper,
    },
    build: (site) => build(site, options),
  };
}

async function build(site: TopologySite, options: ServerNatOptions): Promise<ScenarioHosts> {
  const sides = await gatewaySides(site);
  const { target, publicAddress, serverAddress } = sides;
  const window = forwardedWindow(options.forwarding, target.passiveRange);
  // A shifted range is forwarded under other numbers outside: the window the gateway opens is those numbers.
  const shifted = options.forwarding === "shifted-range";
  const gatewayHost = sides
    .gateway()
    .forwardPorts(publicAddress, serverAddress, [...controlPortRanges(target), ...(window && !shifted ? [window] : [])])
    .masquerade(serverAddress, publicAddress)
    .writtenWith(options.packetFilter ?? "iptables");
  const portShift = shifted ? { range: target.passiveRange, by: passiveShift(target.passiveRange) } : undefined;
  if (portShift) gatewayHost.forwardShifted(publicAddress, serverAddress, portShift.range, portShift.by);
  if (options.ftpHelper) gatewayHost.withFtpHelper("ipv4", target.controlPort);
  const gateway = await gatewayHost.start();
  const server = await sides
    .server(gateway)
    .advertising(options.advertisesPublicAddress ? publicAddress : null)
    .start();
  const agents = await sides.agentsOutside();
  return {
    network: sides.facts(agents, {
      forwardedPorts: window,
      dataPortsClosedAtGateway: window === null && !options.ftpHelper,
      ...(portShift ? { portShift } : {}),
    }),
    server,
    agents,
    gateways: [gateway],
  };
}
