import { clientBehindNat } from "../compositions/client-behind-nat.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "client-nat-alg",
  order: 100,
  description:
    "as client-nat, but the client's gateway runs the kernel FTP helper, which rewrites PORT and EPRT to " +
    "its public address and opens the way back for the server's data connection",
  byNameOnly: null,
  family: "ipv4",
  natted: false,
  advertisesPublicAddress: true,
  forwarding: "none",
  ftpHelper: false,
  clientNat: true,
  clientFtpHelper: true,
  expectedCauses: [],
  dataPortsByChance: null,
  build(site) {
    return clientBehindNat(site, { ftpHelper: this.clientFtpHelper });
  },
};
