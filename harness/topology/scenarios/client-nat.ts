import { clientBehindNat } from "../compositions/client-behind-nat.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "client-nat",
  order: 90,
  description:
    "client and intruder behind a masquerading NAT gateway without the FTP helper (a home or office " +
    "network), the server public: passive mode works, active mode names an address the server cannot reach",
  byNameOnly: null,
  family: "ipv4",
  natted: false,
  advertisesPublicAddress: true,
  forwarding: "none",
  ftpHelper: false,
  clientNat: true,
  clientFtpHelper: false,
  expectedCauses: [
    {
      cause: "active-address-behind-client-nat",
      // The check that exists to show it, and the real clients run in active mode.
      checks: ["active.through-client-nat", "client.*-active"],
      why:
        "in active mode the client names its private address in PORT/EPRT; without a helper on its gateway " +
        "nothing rewrites it, and the server cannot reach that address",
    },
  ],
  dataPortsByChance: null,
  build(site) {
    return clientBehindNat(site, { ftpHelper: this.clientFtpHelper });
  },
};
