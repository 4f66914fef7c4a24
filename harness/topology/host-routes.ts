import * as z from "zod";
import { parseAddress, parseSubnet } from "../util/ip-address.js";

/** One route of the engine host's main table: where it leads, and through which device. */
export interface HostRoute {
  /** The destination as a subnet ("10.0.0.0/8"; a host route as /32 or /128). */
  destination: string;
  device: string;
}

/** What `ip -j route` prints per route; fields besides these are kept out. */
const IP_ROUTE_JSON = z.array(z.object({ dst: z.string(), dev: z.string().optional(), type: z.string().optional() }));

/**
 * The routes in `ip -j route` (or `ip -j -6 route`) output. The default route is left out: it
 * covers every address and is not a network a topology could shadow. Pure; throws on output that
 * is not iproute2's JSON.
 */
export function parseIpRoutes(json: string): HostRoute[] {
  const text = json.trim();
  if (text === "") return [];
  return IP_ROUTE_JSON.parse(JSON.parse(text)).flatMap(({ dst, dev, type }) => {
    if (dst === "default") return [];
    const destination = dst.includes("/") ? dst : withHostPrefix(dst);
    const subnet = destination ? parseSubnet(destination) : null;
    if (!destination || !subnet || subnet[1] === 0) return [];
    return [{ destination, device: dev ?? type ?? "?" }];
  });
}

function withHostPrefix(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  return `${parsed.toString()}/${parsed.kind() === "ipv4" ? 32 : 128}`;
}

/** `route` as a user reads it: "192.0.2.0/24 dev eth0". */
export const describeRoute = (route: HostRoute) => `${route.destination} dev ${route.device}`;
