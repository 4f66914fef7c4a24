import type Dockerode from "dockerode";
import { throwIfInterrupted } from "../resources/interruption.js";
import { slotOrder } from "./subnets.js";

export interface CreatedNetwork {
  name: string;
  cidr: string;
  network: Dockerode.Network;
}

export interface NetworkRequest {
  name: string;
  labels: Record<string, string>;
  slots: readonly string[];
  /** Internal: no route out of the network (Docker gives its hosts no default route). */
  internal: boolean;
  options?: Record<string, string>;
}

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
    try {
      const network = await docker.createNetwork({
        Name: request.name,
        Driver: "bridge",
        Internal: request.internal,
        CheckDuplicate: true,
        Labels: request.labels,
        IPAM: { Driver: "default", Config: [{ Subnet: cidr }] },
        Options: request.options ?? {},
      });
      return { name: request.name, cidr, network };
    } catch (error) {
      taken.delete(cidr);
      lastError = error;
      if (!/overlap|in use/i.test(String((error as Error).message))) throw error;
    }
  }
  throw new Error(`no free subnet for network ${request.name}: ${(lastError as Error)?.message ?? "pool exhausted"}`);
}

export function releaseSlot(cidr: string): void {
  taken.delete(cidr);
}
