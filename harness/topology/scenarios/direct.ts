import { sameNetwork } from "../compositions/same-network.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "direct",
  order: 10,
  description: "client, intruder and server on one network, no NAT",
  byNameOnly: null,
  family: "ipv4",
  natted: false,
  advertisesPublicAddress: true,
  forwarding: "none",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  build: (site) => sameNetwork(site, "ipv4"),
};
