import { sameNetwork } from "../compositions/same-network.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "ipv6-direct",
  order: 60,
  description: "client, intruder and server on one IPv6 network (unique local addresses), no firewall",
  composition: sameNetwork("ipv6"),
  byNameOnly: null,
  expectedCauses: [],
  dataPortsByChance: null,
});
