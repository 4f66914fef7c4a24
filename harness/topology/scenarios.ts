/** A network topology around the server, as shared/CATALOGUE.md defines it. */
export interface ScenarioSpec {
  name: ScenarioName;
  description: string;
  /** The server sits on a private network behind a DNAT gateway. */
  natted: boolean;
  /** The server is configured with the gateway's public address. */
  advertisesPublicAddress: boolean;
  /** The gateway forwards the declared passive range (else only the control port). */
  forwardsPassiveRange: boolean;
  /** The gateway runs the kernel FTP helper (nf_conntrack_ftp, nf_nat_ftp) on the control port. */
  ftpHelper: boolean;
  /** Results this scenario exists to show failing: `check` or `check[variant]`. */
  expectedFailures: readonly string[];
}

export type ScenarioName = "direct" | "nat" | "nat-unadvertised" | "nat-alg";

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: "direct",
    description: "client, intruder and server on one network, no NAT",
    natted: false,
    advertisesPublicAddress: true,
    forwardsPassiveRange: false,
    ftpHelper: false,
    expectedFailures: [],
  },
  {
    name: "nat",
    description:
      "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
    natted: true,
    advertisesPublicAddress: true,
    forwardsPassiveRange: true,
    ftpHelper: false,
    expectedFailures: [],
  },
  {
    name: "nat-unadvertised",
    description: "as nat, but the server is not told its public address (the classic misconfiguration)",
    natted: true,
    advertisesPublicAddress: false,
    forwardsPassiveRange: true,
    ftpHelper: false,
    expectedFailures: [
      "address.public",
      "pasv.connectable",
      "transfer.retr[pasv]",
      "transfer.stor[pasv]",
      "transfer.list[pasv]",
    ],
  },
  {
    name: "nat-alg",
    description:
      "the gateway forwards only the control port and runs the kernel FTP helper, which rewrites the 227 " +
      "address and opens each data port; the server is not told its public address",
    natted: true,
    advertisesPublicAddress: false,
    forwardsPassiveRange: false,
    ftpHelper: true,
    expectedFailures: [],
  },
];

export function resultKey(check: string, variant: string | undefined): string {
  return variant ? `${check}[${variant}]` : check;
}
