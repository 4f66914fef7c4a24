import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "nat",
  order: 20,
  description:
    "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
  composition: serverBehindNat({ forwarding: "whole-range", ftpHelper: false, advertisesPublicAddress: true }),
  byNameOnly: null,
  expectedCauses: [],
  dataPortsByChance: null,
});
