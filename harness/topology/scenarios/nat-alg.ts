import { serverBehindNat } from "../compositions/server-behind-nat.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "nat-alg",
  order: 40,
  description:
    "the gateway forwards only the control port and runs the kernel FTP helper, which rewrites the 227 " +
    "address and opens each data port; the server is not told its public address",
  byNameOnly: null,
  family: "ipv4",
  natted: true,
  advertisesPublicAddress: false,
  forwarding: "none",
  ftpHelper: true,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [
    {
      cause: "helper-blind-under-tls",
      checks: ["tls.alg-blind"],
      why:
        "under TLS the helper cannot read the 227: the server's private address reaches the client " +
        "unrewritten and no data port is opened",
    },
  ],
  dataPortsByChance: null,
  build(site) {
    return serverBehindNat(site, this);
  },
};
