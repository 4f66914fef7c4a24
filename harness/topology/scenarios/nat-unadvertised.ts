import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "nat-unadvertised",
  order: 30,
  description: "as nat, but the server is not told its public address (the classic misconfiguration)",
  composition: serverBehindNat({ forwarding: "whole-range", ftpHelper: false, advertisesPublicAddress: false }),
  byNameOnly: null,
  expectedCauses: [
    {
      cause: "advertised-address-unreachable",
      // Whatever follows the 227: PASV checks, and real clients that do what it says (curl-strict).
      checks: [
        "address.public",
        "address.diagnosis",
        "pasv.connectable",
        "transfer.*[pasv]",
        "tls.prot-p[pasv-*]",
        // Its series starts with a PASV transfer.
        "tls.series*",
        "client.*",
      ],
      why: "the server advertises its private address in the 227; the client has no route to it",
    },
  ],
  dataPortsByChance: null,
});
