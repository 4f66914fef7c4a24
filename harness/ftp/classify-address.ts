/** Says what kind of address a server advertised, for the diagnosis of a wrong 227. Pure. */
export function classifyAddress(address: string, serverAddress: string, privateSubnets: readonly string[]): string {
  if (address === serverAddress) return "the server's own address on its private network";
  if (privateSubnets.some((cidr) => inSubnet(address, cidr))) return "an address on the server's private network";
  const value = ipv4ToNumber(address);
  if (value === null) return "not an IPv4 address";
  if (RFC1918.some((cidr) => inSubnet(address, cidr))) return "a private (RFC 1918) address, unroutable from outside";
  if (UNROUTABLE.some(([cidr]) => inSubnet(address, cidr))) {
    return `an unroutable address (${UNROUTABLE.find(([cidr]) => inSubnet(address, cidr))?.[1]})`;
  }
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

export function ipv4ToNumber(address: string): number | null {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function inSubnet(address: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const value = ipv4ToNumber(address);
  const baseValue = ipv4ToNumber(base ?? "");
  const bits = Number(bitsText);
  if (value === null || baseValue === null || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(value / size) === Math.floor(baseValue / size);
}
