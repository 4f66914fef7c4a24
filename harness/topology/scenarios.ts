/** A network topology around the server: where the client, gateway and firewall sit, and what they forward. */
export interface ScenarioSpec {
  name: ScenarioName;
  description: string;
  /** The server sits on a private network behind a DNAT gateway. */
  natted: boolean;
  /** The server is configured with the gateway's public address. */
  advertisesPublicAddress: boolean;
  /** Which passive ports the gateway forwards besides the control port (none without NAT). */
  forwarding: "whole-range" | "half-range" | "none";
  /** The gateway runs the kernel FTP helper (nf_conntrack_ftp, nf_nat_ftp) on the control port. */
  ftpHelper: boolean;
  /** Results this scenario exists to show failing: `check`, `check[variant]`, or a glob as --only takes. */
  expectedFailures: readonly string[];
}

export type ScenarioName = "direct" | "nat" | "nat-unadvertised" | "nat-alg" | "partial-firewall";

/** Results that need a data connection to an advertised port: behind a partial firewall, chance. */
const NEEDS_DATA_PORT = [
  "pasv.connectable",
  "epsv.connectable",
  "address.epsv-through-nat",
  "data.client-survives-intruder",
  ...["retr", "stor", "list"].flatMap((t) => [`transfer.${t}[pasv]`, `transfer.${t}[epsv]`]),
  "client.*",
];

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: "direct",
    description: "client, intruder and server on one network, no NAT",
    natted: false,
    advertisesPublicAddress: true,
    forwarding: "none",
    ftpHelper: false,
    expectedFailures: [],
  },
  {
    name: "nat",
    description:
      "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
    natted: true,
    advertisesPublicAddress: true,
    forwarding: "whole-range",
    ftpHelper: false,
    expectedFailures: [],
  },
  {
    name: "nat-unadvertised",
    description: "as nat, but the server is not told its public address (the classic misconfiguration)",
    natted: true,
    advertisesPublicAddress: false,
    forwarding: "whole-range",
    ftpHelper: false,
    expectedFailures: [
      "address.public",
      "address.diagnosis",
      "pasv.connectable",
      "transfer.retr[pasv]",
      "transfer.stor[pasv]",
      "transfer.list[pasv]",
      // PASV only, following the 227: the strict client the misconfiguration breaks.
      "client.curl-strict",
    ],
  },
  {
    name: "nat-alg",
    description:
      "the gateway forwards only the control port and runs the kernel FTP helper, which rewrites the 227 " +
      "address and opens each data port; the server is not told its public address",
    natted: true,
    advertisesPublicAddress: false,
    forwarding: "none",
    ftpHelper: true,
    expectedFailures: [],
  },
  {
    name: "partial-firewall",
    description:
      "as nat, but the gateway forwards only the lower half of the declared passive range (the 'random " +
      "failures' of a firewall narrower than the server's range): a transfer works when the server picks a forwarded port",
    natted: true,
    advertisesPublicAddress: true,
    forwarding: "half-range",
    ftpHelper: false,
    // Each of these fails or passes by the port the server picks; ports.firewall-window measures why.
    expectedFailures: NEEDS_DATA_PORT,
  },
];

export function resultKey(check: string, variant: string | undefined): string {
  return variant ? `${check}[${variant}]` : check;
}
