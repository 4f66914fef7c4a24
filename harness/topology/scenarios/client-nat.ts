import { clientBehindNat } from "../compositions/client-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "client-nat",
  order: 90,
  description:
    "client and intruder behind a masquerading NAT gateway without the FTP helper (a home or office " +
    "network), the server public: passive mode works, active mode names an address the server cannot reach",
  composition: clientBehindNat({ ftpHelper: false }),
  byNameOnly: null,
  expectedCauses: [
    {
      cause: "active-address-behind-client-nat",
      // The check that exists to show it, and the real clients run in active mode.
      checks: ["active.through-client-nat", "client.*-active"],
      why:
        "in active mode the client names its private address in PORT/EPRT; without a helper on its gateway " +
        "nothing rewrites it, and the server cannot reach that address",
    },
  ],
  dataPortsByChance: null,
});
