import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "partial-firewall",
  order: 50,
  description:
    "as nat, but the gateway forwards only the lower half of the declared passive range (the 'random " +
    "failures' of a firewall narrower than the server's range): a transfer works when the server picks a forwarded port",
  composition: serverBehindNat({ forwarding: "half-range", ftpHelper: false, advertisesPublicAddress: true }),
  byNameOnly: null,
  expectedCauses: [
    {
      cause: "port-outside-forwarded-window",
      checks: ["ports.firewall-window"],
      why: "the server hands out ports the firewall does not forward",
    },
  ],
  // One transfer here passes or fails by the port the server happens to pick: such checks would
  // make the report a matter of chance, so ports.firewall-window decides the scenario from a sample.
  dataPortsByChance:
    "a single data connection here works or not by which port the server picks; ports.firewall-window " +
    "decides this scenario from a sample of advertised ports",
});
