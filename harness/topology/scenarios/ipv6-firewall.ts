import { serverBehindFirewall } from "../compositions/server-behind-firewall.js";
import type { Scenario } from "../scenario.js";

export const scenario: Scenario = {
  name: "ipv6-firewall",
  order: 70,
  description:
    "the server on its own IPv6 network behind a stateful ip6tables firewall that lets in the control " +
    "port and the declared passive range (IPv6 deployments firewall rather than NAT)",
  byNameOnly: null,
  family: "ipv6",
  natted: false,
  advertisesPublicAddress: false,
  forwarding: "whole-range",
  ftpHelper: false,
  clientNat: false,
  clientFtpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  build(site) {
    return serverBehindFirewall(site, this);
  },
};
