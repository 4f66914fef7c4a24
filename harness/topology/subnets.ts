/** Address pools for topologies. Pure. */
import ipaddr from "ipaddr.js";

/**
 * Public sides come from the documentation ranges (RFC 5737), cut into /29 slots: six hosts, of
 * which a topology uses at most five (.1 the engine's bridge, then gateway, server, client,
 * intruder), so 64 topologies fit at once across all runs on an engine.
 */
export const PUBLIC_SLOTS: readonly string[] = ["198.51.100", "203.0.113"].flatMap((prefix) =>
  Array.from({ length: 32 }, (_, i) => `${prefix}.${i * 8}/29`),
);

/** Private sides: /24 slots of 10.213.0.0/16. */
export const PRIVATE_SLOTS: readonly string[] = Array.from({ length: 256 }, (_, i) => `10.213.${i}.0/24`);

/**
 * The IPv6 /64 paired with an IPv4 slot, in the unique local range (RFC 4193) under a
 * documentation-style prefix, fd00:db8::/32: public slots in fd00:db8:0::/48, private ones in
 * fd00:db8:1::/48, numbered like the IPv4 slot. Docker refuses a slot another network holds, so the
 * pair is as unique as its IPv4 half.
 */
export function pairedIpv6Subnet(ipv4Slot: string): string {
  const [base] = ipv4Slot.split("/");
  const [a, , c, d] = ipaddr.IPv4.parse(base ?? "").octets as number[] as [number, number, number, number];
  const side = a === 10 ? 1 : 0;
  // Public slots differ in their third and last octets, private ones in their third.
  const slot = side === 1 ? c : (c << 8) | d;
  return `fd00:db8:${side}:${slot.toString(16)}::/64`;
}

/** The address `offset` hosts above a subnet's base, IPv4 or IPv6: hostAddress("203.0.113.16/28", 2) = 203.0.113.18. */
export function hostAddress(cidr: string, offset: number): string {
  const [base] = ipaddr.parseCIDR(cidr);
  const bytes = base.toByteArray();
  let carry = offset;
  for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
    const sum = (bytes[i] ?? 0) + carry;
    bytes[i] = sum % 256;
    carry = Math.floor(sum / 256);
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Slots in the order to try: from a random start, so parallel runs seldom collide. */
export function slotOrder(slots: readonly string[], start: number): string[] {
  const at = ((start % slots.length) + slots.length) % slots.length;
  return [...slots.slice(at), ...slots.slice(0, at)];
}
