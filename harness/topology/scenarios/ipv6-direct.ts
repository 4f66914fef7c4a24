import { sameNetwork } from "../compositions/same-network.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "ipv6-direct",
  order: 60,
  description: "client, intruder and server on one IPv6 network (unique local addresses), no firewall",
  byNameOnly: null,
  family: "ipv6",
  natted: false,
  advertisesPublicAddress: false,
  forwarding: "none",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  build: (site) => sameNetwork(site, "ipv6"),
};
