/** Address pools for topologies. Pure. */

/**
 * Public sides come from the documentation ranges (RFC 5737), cut into /29 slots: six hosts, of
 * which a topology uses five (.1 the engine's bridge, then gateway, server, client, intruder), so
 * 64 topologies fit at once across all runs on an engine.
 */
export const PUBLIC_SLOTS: readonly string[] = ["198.51.100", "203.0.113"].flatMap((prefix) =>
  Array.from({ length: 32 }, (_, i) => `${prefix}.${i * 8}/29`),
);

/** Private sides: /24 slots of 10.213.0.0/16. */
export const PRIVATE_SLOTS: readonly string[] = Array.from({ length: 256 }, (_, i) => `10.213.${i}.0/24`);

/** The address `offset` hosts above a subnet's base: hostAddress("203.0.113.16/28", 2) = 203.0.113.18. */
export function hostAddress(cidr: string, offset: number): string {
  const [base] = cidr.split("/");
  const parts = (base ?? "").split(".").map(Number);
  const value = parts.reduce((acc, p) => acc * 256 + p, 0) + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/** Slots in the order to try: from a random start, so parallel runs seldom collide. */
export function slotOrder(slots: readonly string[], start: number): string[] {
  const at = ((start % slots.length) + slots.length) % slots.length;
  return [...slots.slice(at), ...slots.slice(0, at)];
}
