import { clientBehindNat } from "../compositions/client-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "client-nat-alg",
  order: 100,
  description:
    "as client-nat, but the client's gateway runs the kernel FTP helper, which rewrites PORT and EPRT to " +
    "its public address and opens the way back for the server's data connection",
  composition: clientBehindNat({ ftpHelper: true }),
  byNameOnly: null,
  expectedCauses: [],
  dataPortsByChance: null,
});
