import type { ExpectedCause } from "./expected-cause.js";

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
  /**
   * The failures this scenario exists to show, by cause. A result is an expected failure only when
   * its evidence shows that cause; any other failure of the same check is a real one.
   */
  expectedCauses: readonly ExpectedCause[];
  /**
   * Why a check that dials one advertised data port cannot be decided here (whether it works
   * depends on which port the server picks), or null where it can.
   */
  dataPortsByChance: string | null;
}

export type ScenarioName = "direct" | "nat" | "nat-unadvertised" | "nat-alg" | "partial-firewall";

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    name: "direct",
    description: "client, intruder and server on one network, no NAT",
    natted: false,
    advertisesPublicAddress: true,
    forwarding: "none",
    ftpHelper: false,
    expectedCauses: [],
    dataPortsByChance: null,
  },
  {
    name: "nat",
    description:
      "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
    natted: true,
    advertisesPublicAddress: true,
    forwarding: "whole-range",
    ftpHelper: false,
    expectedCauses: [],
    dataPortsByChance: null,
  },
  {
    name: "nat-unadvertised",
    description: "as nat, but the server is not told its public address (the classic misconfiguration)",
    natted: true,
    advertisesPublicAddress: false,
    forwarding: "whole-range",
    ftpHelper: false,
    expectedCauses: [
      {
        cause: "advertised-address-unreachable",
        // Whatever follows the 227: PASV checks, and real clients that do what it says (curl-strict).
        checks: ["address.public", "address.diagnosis", "pasv.connectable", "transfer.*[pasv]", "client.*"],
        why: "the server advertises its private address in the 227; the client has no route to it",
      },
    ],
    dataPortsByChance: null,
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
    expectedCauses: [],
    dataPortsByChance: null,
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
    expectedCauses: [
      {
        cause: "port-outside-forwarded-window",
        checks: ["ports.firewall-window"],
        why: "the server hands out ports the firewall does not forward",
      },
    ],
    // One transfer here passes or fails by the port the server happens to pick: such checks would
    // make the report a matter of chance, so ports.firewall-window decides the scenario from a sample.
    dataPortsByChance:
      "a single data connection here works or not by which port the server picks; ports.firewall-window " +
      "decides this scenario from a sample of advertised ports",
  },
];

export function resultKey(check: string, variant: string | undefined): string {
  return variant ? `${check}[${variant}]` : check;
}
