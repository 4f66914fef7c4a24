import { addressInSubnet, parseAddress, parseSubnet, type IpSubnet } from "../../util/ip-address.js";

/** Why the agent will not dial a host; null when it may. */
export type Refusal = "not-an-address" | "outside-topology" | null;

/**
 * The subnets the agent may dial (its --allow list): a server may advertise any address, and the
 * agent follows it only inside the topology. Names are never dialled, only literal addresses.
 */
export class AllowList {
  private constructor(readonly subnets: readonly IpSubnet[]) {}

  /** Throws naming the first entry that is not a CIDR. */
  static parse(cidrs: readonly string[]): AllowList {
    return new AllowList(
      cidrs.map((cidr) => {
        const subnet = parseSubnet(cidr);
        if (!subnet) throw new Error(`--allow: '${cidr}' is not a CIDR (a.b.c.d/n or x::/n)`);
        return subnet;
      }),
    );
  }

  refusal(host: string): Refusal {
    const address = parseAddress(host);
    if (!address) return "not-an-address";
    return this.subnets.some((subnet) => addressInSubnet(address, subnet)) ? null : "outside-topology";
  }
}
