import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

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
  expectedCauses: [
    {
      cause: "helper-blind-under-tls",
      checks: ["tls.alg-blind"],
      why:
        "under TLS the helper cannot read the 227: the server's private address reaches the client " +
        "unrewritten and no data port is opened",
    },
  ],
  dataPortsByChance: null,
});
