import { sameNetwork } from "../compositions/same-network.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "direct",
  order: 10,
  description: "client, intruder and server on one network, no NAT",
  composition: sameNetwork("ipv4"),
  byNameOnly: null,
  expectedCauses: [],
  dataPortsByChance: null,
});
