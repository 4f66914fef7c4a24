import { serverBehindNat } from "../compositions/server-behind-nat.js";
import type { ExpectedCause } from "../expected-cause.js";
import { defineScenario } from "../scenario.js";

/** Behind the kernel FTP helper (nft-helper too): TLS hides the 227 from it. */
export const HELPER_BLIND_UNDER_TLS: ExpectedCause = {
  cause: "helper-blind-under-tls",
  checks: ["tls.alg-blind"],
  why:
    "under TLS the helper cannot read the 227: the server's private address reaches the client " +
    "unrewritten and no data port is opened",
};

export const scenario = defineScenario({
  name: "nat-alg",
  order: 40,
  description:
    "the gateway forwards only the control port and runs the kernel FTP helper, which rewrites the 227 " +
    "address and opens each data port; the server is not told its public address",
  composition: serverBehindNat({ forwarding: "none", ftpHelper: true, advertisesPublicAddress: false }),
  byNameOnly: null,
  expectedCauses: [HELPER_BLIND_UNDER_TLS],
  dataPortsByChance: null,
});
