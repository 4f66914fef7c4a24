import ipaddr from "ipaddr.js";
import { parseAddress } from "../util/ip-address.js";

/** How many addresses below the subnet's top to try before giving up (a crowded subnet). */
const TRIES = 16;

/**
 * An address of `subnet` that no host of the topology holds, for a PORT/EPRT where nothing may
 * answer: the highest host address not `taken`, counting down from below the broadcast address
 * (the low end holds the bridge, which is the engine's host). Null when the subnet has none. Pure.
 */
export function unusedAddress(subnet: string, taken: readonly string[]): string | null {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(subnet)) return null;
  const [, bitsText] = subnet.split("/");
  const bits = Number(bitsText);
  if (bits > 29) return null;
  const top = toNumber(ipaddr.IPv4.broadcastAddressFromCIDR(subnet).toString());
  const base = toNumber(ipaddr.IPv4.networkAddressFromCIDR(subnet).toString());
  const held = new Set(taken.map((t) => parseAddress(t)?.toString()));
  for (let value = top - 1; value > base + 1 && value >= top - TRIES; value--) {
    const candidate = fromNumber(value);
    if (!held.has(candidate)) return candidate;
  }
  return null;
}

const toNumber = (address: string): number => address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
const fromNumber = (value: number): string =>
  [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
