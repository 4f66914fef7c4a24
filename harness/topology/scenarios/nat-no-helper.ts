import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "nat-no-helper",
  order: 45,
  description:
    "the gateway forwards only the control port and attaches no FTP helper, the kernel's default since " +
    "Linux 4.7 ('it worked on the old router'); the server is told its public address: passive mode fails " +
    "for every server",
  composition: serverBehindNat({ forwarding: "none", ftpHelper: false, advertisesPublicAddress: true }),
  byNameOnly: "a gateway misconfiguration every server fails the same way: run it with --scenario nat-no-helper",
  expectedCauses: [
    {
      cause: "data-ports-not-forwarded",
      // What dials an advertised data port at the public address (the real clients' logs do not all
      // name the endpoint they dialled, so their failures stay findings without a decided cause).
      checks: [
        "pasv.connectable",
        "epsv.connectable",
        "address.epsv-through-nat",
        "transfer.*",
        "tls.prot-p*",
        "tls.close-notify",
        "tls.session-reuse",
        "tls.series*",
      ],
      why:
        "the 227/229 name the public address, where the gateway forwards no data port and no helper opens one: " +
        "forward the server's passive range, or attach the FTP helper to the control port",
    },
  ],
  dataPortsByChance: null,
});
