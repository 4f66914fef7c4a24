import { serverBehindNatByName } from "../compositions/server-behind-nat-by-name.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "dns-name",
  order: 110,
  description:
    "as nat, but the server is told its public address as a host name ({{publicName}}), which a name server " +
    "inside the topology answers; the name moves to another address of the gateway once the server has started, " +
    "and a server that resolved it once keeps advertising the old one",
  composition: serverBehindNatByName(),
  // Cost measured with vsftpd: docs/scenarios.md, "A host name for the public address".
  byNameOnly:
    "a deployment detail (a host name whose address changes) that only the address checks can tell, at the cost " +
    "of one more pair per target",
  expectedCauses: [
    {
      cause: "advertised-address-stale",
      // What compares the 227's address with the public one; the transfers still work (the gateway answers on both).
      checks: ["address.public", "address.diagnosis", "tls.address-through-nat"],
      why:
        "the server resolved its host name once, at start, and keeps advertising the address the name had then; " +
        "the name resolves to another address now",
    },
  ],
  dataPortsByChance: null,
});
