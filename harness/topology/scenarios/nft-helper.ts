import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";
import { HELPER_BLIND_UNDER_TLS } from "./nat-alg.js";

export const scenario = defineScenario({
  name: "nft-helper",
  order: 42,
  description:
    "as nat-alg, with the gateway built in nftables as firewalld builds it: DNAT of the control port and " +
    "masquerade in nat chains, and the FTP helper attached by a `ct helper` object and a rule on the control port",
  composition: serverBehindNat({
    forwarding: "none",
    ftpHelper: true,
    advertisesPublicAddress: false,
    packetFilter: "nftables",
  }),
  byNameOnly: "the kernel helper of nat-alg written in nftables instead of iptables: run it with --scenario nft-helper",
  expectedCauses: [HELPER_BLIND_UNDER_TLS],
  dataPortsByChance: null,
});
