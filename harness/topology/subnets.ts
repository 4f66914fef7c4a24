/** Address pools for topologies. Pure. */
import ipaddr from "ipaddr.js";

/** Public sides are cut in /29s (six hosts: the bridge and at most five roles), private sides in /24s. */
export const SLOT_PREFIX = { public: 29, private: 24 } as const;
export type PoolSide = keyof typeof SLOT_PREFIX;

/** The ranges a run takes its networks from, and the slots cut from them, per side. */
export interface SubnetPools {
  ranges: Readonly<Record<PoolSide, readonly string[]>>;
  slots: Readonly<Record<PoolSide, readonly string[]>>;
}

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

/** The default pools: the documentation ranges on the public side, 10.213.0.0/16 on the private side. */
export const DEFAULT_POOLS: SubnetPools = {
  ranges: { public: ["198.51.100.0/24", "203.0.113.0/24"], private: ["10.213.0.0/16"] },
  slots: { public: PUBLIC_SLOTS, private: PRIVATE_SLOTS },
};

/** An IPv4 range cut into slots of `prefix` bits: cutRange("192.0.2.0/28", 29) = 192.0.2.0/29, 192.0.2.8/29. */
export function cutRange(range: string, prefix: number): string[] {
  const [base, bits] = ipaddr.IPv4.parseCIDR(range);
  if (bits > prefix) return [];
  const start = ipaddr.IPv4.networkAddressFromCIDR(`${base.toString()}/${bits}`).toByteArray();
  const first = start.reduce((n, byte) => n * 256 + byte, 0);
  const size = 2 ** (32 - prefix);
  return Array.from({ length: 2 ** (prefix - bits) }, (_, i) => {
    const n = first + i * size;
    return `${[24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".")}/${prefix}`;
  });
}

/** Pools from the user's ranges, each side cut into its slots. */
export function poolsFrom(ranges: Readonly<Record<PoolSide, readonly string[]>>): SubnetPools {
  return {
    ranges,
    slots: {
      public: ranges.public.flatMap((r) => cutRange(r, SLOT_PREFIX.public)),
      private: ranges.private.flatMap((r) => cutRange(r, SLOT_PREFIX.private)),
    },
  };
}

/**
 * The IPv6 /64 paired with an IPv4 slot, in the unique local range (RFC 4193) under a
 * documentation-style prefix, fd00:db8::/32: public slots in fd00:db8:0::/48, private ones in
 * fd00:db8:1::/48, numbered like the IPv4 slot. Docker refuses a slot another network holds, so the
 * pair is as unique as its IPv4 half in the default pools; slots of user ranges may share one (10.77.1.0/24
 * and 10.78.1.0/24), and Docker's refusal then moves the network to the next slot.
 */
export function pairedIpv6Subnet(ipv4Slot: string, poolSide?: PoolSide): string {
  const [base] = ipv4Slot.split("/");
  const [a, , c, d] = ipaddr.IPv4.parse(base ?? "").octets as number[] as [number, number, number, number];
  const side = (poolSide ?? (a === 10 ? "private" : "public")) === "private" ? 1 : 0;
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
