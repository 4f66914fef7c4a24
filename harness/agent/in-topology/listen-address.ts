import ipaddr from "ipaddr.js";
import { parseAddress, parseSubnet } from "../../util/ip-address.js";
import type { AllowList } from "./allow-list.js";

/** One address of this host's interfaces, as os.networkInterfaces() lists it. */
export interface InterfaceAddress {
  address: string;
  /** "a.b.c.d/n" or "x::/n". */
  cidr: string | null;
  family: "IPv4" | "IPv6";
}

/** Where an active-mode listener goes: one of this host's own addresses, and its interface's subnet. */
export interface ListenAddress {
  address: string;
  /** The subnet its interface declares, as a CIDR with the host bits cleared; null when unknown. */
  subnet: string | null;
}

/**
 * The address a client puts in PORT/EPRT: this host's own, inside the topology (the allow-list),
 * the host's bind address when there is one (--bind, the intruder's --bind-intruder), else the first
 * interface address of the family. A requested address is taken only when it is one of those. Null
 * when there is none. Pure.
 */
export function chooseListenAddress(
  interfaces: readonly InterfaceAddress[],
  allowed: AllowList,
  bindAddress: string | undefined,
  wanted: { address?: string; family?: "4" | "6" },
): ListenAddress | null {
  const family = wanted.family === "6" ? "IPv6" : "IPv4";
  const own = interfaces.filter((i) => i.family === family && allowed.refusal(i.address) === null);
  const pick = wanted.address ?? bindAddress;
  const found = pick === undefined ? own[0] : own.find((i) => sameAddress(i.address, pick));
  if (found) return { address: found.address, subnet: subnetOf(found.cidr) };
  // A bind address the interface list does not show (it may be a loopback alias): itself, no subnet.
  if (pick !== undefined && pick === bindAddress && allowed.refusal(pick) === null) {
    return { address: pick, subnet: null };
  }
  return null;
}

function sameAddress(a: string, b: string): boolean {
  const [x, y] = [parseAddress(a), parseAddress(b)];
  return x !== null && y !== null && x.kind() === y.kind() && x.toNormalizedString() === y.toNormalizedString();
}

/** "198.51.100.12/29" -> "198.51.100.8/29"; null when it is not a CIDR. */
function subnetOf(cidr: string | null): string | null {
  if (!cidr || !parseSubnet(cidr)) return null;
  const [, bits] = cidr.split("/");
  const base = ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)
    ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
    : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${base.toString()}/${bits}`;
}
