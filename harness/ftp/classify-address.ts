import { inSubnet, parseAddress } from "../util/ip-address.js";

export { inSubnet };

/** Says what kind of address a server advertised, for the diagnosis of a wrong 227. Pure. */
export function classifyAddress(address: string, serverAddress: string, privateSubnets: readonly string[]): string {
  if (address === serverAddress) return "the server's own address on its private network";
  if (privateSubnets.some((cidr) => inSubnet(address, cidr))) return "an address on the server's private network";
  if (parseAddress(address)?.kind() !== "ipv4") return "not an IPv4 address";
  if (RFC1918.some((cidr) => inSubnet(address, cidr))) return "a private (RFC 1918) address, unroutable from outside";
  const unroutable = UNROUTABLE.find(([cidr]) => inSubnet(address, cidr));
  if (unroutable) return `an unroutable address (${unroutable[1]})`;
  return "a public address other than the one the client reaches the server at";
}

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
const UNROUTABLE: ReadonlyArray<readonly [string, string]> = [
  ["0.0.0.0/8", "this-network"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["224.0.0.0/3", "multicast or reserved"],
];
