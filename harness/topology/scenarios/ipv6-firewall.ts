import { serverBehindFirewall } from "../compositions/server-behind-firewall.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "ipv6-firewall",
  order: 70,
  description:
    "the server on its own IPv6 network behind a stateful ip6tables firewall that lets in the control " +
    "port and the declared passive range (IPv6 deployments firewall rather than NAT)",
  composition: serverBehindFirewall({ forwarding: "whole-range", ftpHelper: false }),
  byNameOnly: null,
  expectedCauses: [],
  dataPortsByChance: null,
});
