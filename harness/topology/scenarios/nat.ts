import { serverBehindNat } from "../compositions/server-behind-nat.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "nat",
  order: 20,
  description:
    "server behind a DNAT gateway forwarding the control port and the passive range; server told its public address",
  byNameOnly: null,
  family: "ipv4",
  natted: true,
  advertisesPublicAddress: true,
  forwarding: "whole-range",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  build(site) {
    return serverBehindNat(site, this);
  },
};
