import { lanClientThroughHairpin } from "../compositions/lan-client-through-hairpin.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "dns-name-hairpin",
  order: 111,
  description:
    "the server behind NAT is told its public address as a host name ({{publicName}}); the client and intruder " +
    "sit on the server's own network, use that name and reach the server through the gateway's hairpin NAT, " +
    "which source-NATs them to the gateway's address there",
  composition: lanClientThroughHairpin(),
  // Cost measured with vsftpd: docs/scenarios.md, "A LAN client through hairpin NAT".
  byNameOnly:
    "a LAN client's view of a server known by its public name: passive mode works through the hairpin NAT, and " +
    "what it adds over dns-name (the intruder indistinct) costs one more pair per target",
  expectedCauses: [],
  dataPortsByChance: null,
});
