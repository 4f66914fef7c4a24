import { addressInSubnet, parseSubnet } from "../util/ip-address.js";
import { describeRoute, type HostRoute } from "./host-routes.js";
import { pairedIpv6Subnet, type PoolSide, type SubnetPools } from "./subnets.js";

/** A slot left out because a route of the engine host overlaps it (or its paired IPv6 subnet). */
export interface SkippedSlot {
  side: PoolSide;
  slot: string;
  route: HostRoute;
}

export interface RouteFreePools {
  pools: SubnetPools;
  skipped: readonly SkippedSlot[];
  /** The sides with no slot left, each with what took its slots: the run cannot start. */
  exhausted: readonly PoolSide[];
}

/** Two subnets overlap when either holds the other's base (CIDR blocks nest or are apart). */
function overlaps(a: string, b: string): boolean {
  const x = parseSubnet(a);
  const y = parseSubnet(b);
  if (!x || !y || x[0].kind() !== y[0].kind()) return false;
  return addressInSubnet(x[0], y) || addressInSubnet(y[0], x);
}

/**
 * The pools without the slots a route of the engine host overlaps. While a network holds a slot
 * the engine host routes its subnet to the network's bridge, so a slot inside (or around) one of
 * the host's own routes would take that traffic for the length of the run. Routes through
 * `ownDevices` (the bridges of the harness's own networks, of this run or another) are not
 * collisions: those slots are held, and the engine refuses them by itself. Pure.
 */
export function routeFreePools(
  pools: SubnetPools,
  routes: readonly HostRoute[],
  ownDevices: ReadonlySet<string>,
): RouteFreePools {
  const foreign = routes.filter((route) => !ownDevices.has(route.device));
  const skipped: SkippedSlot[] = [];
  const keep = (side: PoolSide) =>
    pools.slots[side].filter((slot) => {
      const paired = pairedIpv6Subnet(slot, side);
      const route = foreign.find((r) => overlaps(r.destination, slot) || overlaps(r.destination, paired));
      if (route) skipped.push({ side, slot, route });
      return !route;
    });
  const slots = { public: keep("public"), private: keep("private") };
  const exhausted = (["public", "private"] as const).filter((side) => slots[side].length === 0);
  return { pools: { ranges: pools.ranges, slots }, skipped, exhausted };
}

/**
 * The progress line for skipped slots, one per route that took any: "skipping 8 public slots
 * (198.51.100.0/29 ... 198.51.100.56/29) that overlap the engine host's route 198.51.100.0/26 dev
 * eth0". Pure.
 */
export function describeSkipped(skipped: readonly SkippedSlot[]): string[] {
  const byRoute = new Map<string, SkippedSlot[]>();
  for (const entry of skipped) {
    const key = `${entry.side} ${describeRoute(entry.route)}`;
    byRoute.set(key, [...(byRoute.get(key) ?? []), entry]);
  }
  return [...byRoute.values()].map((entries) => {
    const [first] = entries as [SkippedSlot];
    const last = entries.at(-1) as SkippedSlot;
    const which = entries.length === 1 ? first.slot : `${first.slot} ... ${last.slot}`;
    const count = entries.length === 1 ? `1 ${first.side} slot` : `${entries.length} ${first.side} slots`;
    return (
      `skipping ${count} (${which}) that overlap${entries.length === 1 ? "s" : ""} the engine host's route ${describeRoute(first.route)}: ` +
      `a network there would take that traffic from the host for the length of the run`
    );
  });
}

/** Why the run cannot start: the sides with no free slot and the routes that took them. Pure. */
export function describeExhausted(free: RouteFreePools): string {
  const sides = free.exhausted.map((side) => {
    const routes = [...new Set(free.skipped.filter((s) => s.side === side).map((s) => describeRoute(s.route)))];
    return `every ${side} slot of ${free.pools.ranges[side].join(", ")} overlaps a route of the engine host (${routes.join(", ")})`;
  });
  return `${sides.join("; ")}: choose free ranges with --subnets PUBLIC,PRIVATE (or FTP_CONFORMANCE_SUBNETS)`;
}
