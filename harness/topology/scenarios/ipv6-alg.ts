import { serverBehindFirewall } from "../compositions/server-behind-firewall.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "ipv6-alg",
  order: 80,
  description:
    "the IPv6 firewall lets in only the control port and runs the kernel FTP helper, which opens the " +
    "data port each EPSV reply names",
  family: "ipv6",
  natted: false,
  advertisesPublicAddress: false,
  forwarding: "none",
  ftpHelper: true,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  build(site) {
    return serverBehindFirewall(site, this);
  },
};
