/** A network topology around the server, as shared/CATALOGUE.md defines it. */
export interface ScenarioSpec {
  name: ScenarioName;
  description: string;
  /** The server sits on a private network behind a DNAT gateway. */
  natted: boolean;
  /** The server is configured with the gateway's public address. */
  advertisesPublicAddress: boolean;
  /** Results this scenario exists to show failing: `check` or `check[variant]`. */
  expectedFailures: readonly string[];
}

export type ScenarioName = "direct" | "nat" | "nat-unadvertised";

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: "direct",
    description: "client, intruder and server on one network, no NAT",
    natted: false,
    advertisesPublicAddress: true,
    expectedFailures: [],
  },
  {
    name: "nat",
    description:
      "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
    natted: true,
    advertisesPublicAddress: true,
    expectedFailures: [],
  },
  {
    name: "nat-unadvertised",
    description: "as nat, but the server is not told its public address (the classic misconfiguration)",
    natted: true,
    advertisesPublicAddress: false,
    expectedFailures: [
      "address.public",
      "pasv.connectable",
      "transfer.retr[pasv]",
      "transfer.stor[pasv]",
      "transfer.list[pasv]",
    ],
  },
];

export function resultKey(check: string, variant: string | undefined): string {
  return variant ? `${check}[${variant}]` : check;
}
