import { parseAddress } from "../util/ip-address.js";

/** The command that names a data port to the server: PORT (RFC 959 section 4.1.2) or EPRT (RFC 2428 section 2). */
export type ActiveCommand = "PORT" | "EPRT";

/** PORT's h1,h2,h3,h4,p1,p2 (RFC 959 section 4.1.2): IPv4 only. Pure. */
export function portArgument(host: string, port: number): string {
  return `${host.replace(/\./g, ",")},${Math.floor(port / 256)},${port % 256}`;
}

/** EPRT's |<net-prt>|<net-addr>|<tcp-port>| (RFC 2428 section 2): 1 for IPv4, 2 for IPv6. Pure. */
export function eprtArgument(host: string, port: number): string {
  return `|${parseAddress(host)?.kind() === "ipv6" ? 2 : 1}|${host}|${port}|`;
}

/** The whole command line naming host:port as the data port. Pure. */
export function activeCommandLine(command: ActiveCommand, host: string, port: number): string {
  return `${command} ${command === "PORT" ? portArgument(host, port) : eprtArgument(host, port)}`;
}
