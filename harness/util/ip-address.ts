import ipaddr from "ipaddr.js";

/** An IPv4 or IPv6 address as ipaddr.js parses it. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;
/** A subnet: its base address and prefix length. */
export type IpSubnet = [IpAddress, number];

/**
 * An address in its literal form only: a dotted quad without leading zeros, or IPv6 text. Shorter
 * or hexadecimal IPv4 forms ("127.1", "0x7f.0.0.1") are not addresses here: a connect would
 * resolve them as names. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) reads as its IPv4 address.
 */
export function parseAddress(text: string): IpAddress | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return null;
  const address = ipaddr.IPv6.parse(text);
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/** "a.b.c.d/n" or "x::/n"; null when it is neither. */
export function parseSubnet(text: string): IpSubnet | null {
  try {
    return ipaddr.parseCIDR(text.trim());
  } catch {
    return null;
  }
}

/** Whether `address` lies in `subnet`; an address of the other family never does. */
export function addressInSubnet(address: IpAddress, [base, bits]: IpSubnet): boolean {
  if (address.kind() !== base.kind()) return false;
  return address.match(base, bits);
}

/** `address` and `cidr` as text; false when either does not parse. */
export function inSubnet(address: string, cidr: string): boolean {
  const parsed = parseAddress(address);
  const subnet = parseSubnet(cidr);
  return parsed !== null && subnet !== null && addressInSubnet(parsed, subnet);
}
