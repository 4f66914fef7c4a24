import ipaddr from "ipaddr.js";
import { UsageError } from "../errors.js";
import { poolsFrom, SLOT_PREFIX, type PoolSide, type SubnetPools } from "./subnets.js";

/** The environment variable that sets the ranges when `--subnets` does not. */
export const SUBNETS_VARIABLE = "FTP_CONFORMANCE_SUBNETS";

/**
 * `PUBLIC,PRIVATE`: the IPv4 range public sides are cut from (in /29s) and the one private sides
 * are cut from (in /24s), e.g. `192.0.2.0/24,10.77.0.0/16`. Pure; a mistake throws a one-line
 * UsageError naming `source` (the flag or the variable).
 */
export function parseSubnetRanges(text: string, source: string): SubnetPools {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => part === "")) {
    throw new UsageError(
      `${source} takes two IPv4 ranges, the public one then the private one (e.g. 192.0.2.0/24,10.77.0.0/16), got '${text}'`,
    );
  }
  const [publicRange, privateRange] = parts as [string, string];
  const ranges = {
    public: [checkRange(publicRange, "public", source)],
    private: [checkRange(privateRange, "private", source)],
  };
  const [a, b] = [ipaddr.IPv4.parseCIDR(publicRange), ipaddr.IPv4.parseCIDR(privateRange)];
  if (a[0].match(b) || b[0].match(a)) {
    throw new UsageError(`${source}: the public range ${publicRange} and the private range ${privateRange} overlap`);
  }
  return poolsFrom(ranges);
}

function checkRange(range: string, side: PoolSide, source: string): string {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(range)) {
    throw new UsageError(`${source}: '${range}' is not an IPv4 range (a.b.c.d/n)`);
  }
  const [base, bits] = ipaddr.IPv4.parseCIDR(range);
  const network = ipaddr.IPv4.networkAddressFromCIDR(range).toString();
  if (network !== base.toString()) {
    throw new UsageError(`${source}: ${range} is not the start of its range (did you mean ${network}/${bits}?)`);
  }
  if (bits > SLOT_PREFIX[side]) {
    throw new UsageError(
      `${source}: the ${side} range ${range} is smaller than one /${SLOT_PREFIX[side]}, the size of a ${side} network`,
    );
  }
  return range;
}
