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
  // Measured with vsftpd: see docs/scenarios.md (dns-name).
  byNameOnly: "one more topology (a name server) per target for a deployment detail: run it by name",
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
