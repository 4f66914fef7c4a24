import type { CreatedNetwork } from "./create-network.js";
import { hostAddress } from "./subnets.js";

export type AddressFamily = "ipv4" | "ipv6";

/** One network of a topology: its name and subnets, and the fixed address of each host on it by offset. */
export class TopologyNetwork {
  constructor(readonly created: CreatedNetwork) {}

  get name(): string {
    return this.created.name;
  }

  /** The network's subnet of that family; throws for IPv6 on a network without it. */
  subnet(family: AddressFamily = "ipv4"): string {
    if (family === "ipv4") return this.created.cidr;
    if (!this.created.ipv6Cidr) throw new Error(`network ${this.name} has no IPv6 subnet`);
    return this.created.ipv6Cidr;
  }

  get subnets(): string[] {
    return [this.created.cidr, ...(this.created.ipv6Cidr ? [this.created.ipv6Cidr] : [])];
  }

  get hasIpv6(): boolean {
    return this.created.ipv6Cidr !== null;
  }

  /** The host `offset` above the subnet's base (.1 is the engine's bridge). */
  address(offset: number, family: AddressFamily = "ipv4"): string {
    return hostAddress(this.subnet(family), offset);
  }

  /** The subnet's prefix length, for addresses a role adds itself. */
  prefixLength(family: AddressFamily): number {
    return Number(this.subnet(family).split("/")[1]);
  }
}
