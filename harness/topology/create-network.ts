import type Dockerode from "dockerode";
import { throwIfInterrupted } from "../resources/interruption.js";
import { pairedIpv6Subnet, slotOrder, type PoolSide } from "./subnets.js";

export interface CreatedNetwork {
  name: string;
  cidr: string;
  /** The IPv6 subnet beside the IPv4 one, when the network has IPv6. */
  ipv6Cidr: string | null;
  network: Dockerode.Network;
}

export interface NetworkRequest {
  name: string;
  labels: Record<string, string>;
  slots: readonly string[];
  /** Which pool the slots come from (their IPv6 pairing depends on it). */
  side: PoolSide;
  /** Internal: no route out of the network (Docker gives its hosts no default route). */
  internal: boolean;
  options?: Record<string, string>;
  /** Give the network an IPv6 subnet too (paired with its IPv4 slot). */
  ipv6?: boolean;
}

/** The engine refused an IPv6 network: the IPv6 scenarios cannot run on it. */
export class Ipv6Unavailable extends Error {}

const taken = new Set<string>();
const MAX_ATTEMPTS = 24;

/**
 * Creates a bridge network on the first free slot. Slots this process holds are skipped; a slot
 * another run (or any Docker network) holds makes Docker refuse with "overlaps", and the next is tried.
 */
export async function createNetwork(docker: Dockerode, request: NetworkRequest): Promise<CreatedNetwork> {
  const order = slotOrder(request.slots, Math.floor(Math.random() * request.slots.length)).filter((s) => !taken.has(s));
  let lastError: unknown;
  for (const cidr of order.slice(0, MAX_ATTEMPTS)) {
    throwIfInterrupted();
    taken.add(cidr);
    const ipv6Cidr = request.ipv6 ? pairedIpv6Subnet(cidr, request.side) : null;
    try {
      const network = await docker.createNetwork({
        Name: request.name,
        Driver: "bridge",
        Internal: request.internal,
        CheckDuplicate: true,
        Labels: request.labels,
        EnableIPv6: ipv6Cidr !== null,
        IPAM: { Driver: "default", Config: [{ Subnet: cidr }, ...(ipv6Cidr ? [{ Subnet: ipv6Cidr }] : [])] },
        Options: request.options ?? {},
      });
      return { name: request.name, cidr, ipv6Cidr, network };
    } catch (error) {
      taken.delete(cidr);
      lastError = error;
      const message = String((error as Error).message);
      if (ipv6Cidr && /ipv6|IPv6/.test(message) && !/overlap|in use/i.test(message)) {
        throw new Ipv6Unavailable(`the Docker engine cannot create an IPv6 network (${message.trim()})`);
      }
      if (!/overlap|in use/i.test(message)) throw error;
    }
  }
  throw new Error(`no free subnet for network ${request.name}: ${(lastError as Error)?.message ?? "pool exhausted"}`);
}

export function releaseSlot(cidr: string): void {
  taken.delete(cidr);
}
