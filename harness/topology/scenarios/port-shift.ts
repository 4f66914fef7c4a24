import { serverBehindNat } from "../compositions/server-behind-nat.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "port-shift",
  order: 47,
  description:
    "the gateway forwards the control port, and the passive range under other numbers outside (e.g. the server's " +
    "30000-30009 as 40000-40009, as `-p 40000-40009:30000-30009` publishes it); the server is told its public " +
    "address: the 227/229 name the server's own ports, closed outside",
  composition: serverBehindNat({ forwarding: "shifted-range", ftpHelper: false, advertisesPublicAddress: true }),
  byNameOnly: "a gateway misconfiguration every server fails the same way: run it with --scenario port-shift",
  expectedCauses: [
    {
      cause: "port-shifted-at-gateway",
      // What dials an advertised data port at the public address (the real clients' logs do not all
      // name the endpoint they dialled, so their failures stay findings without a decided cause).
      checks: [
        "pasv.connectable",
        "epsv.connectable",
        "address.epsv-through-nat",
        "ports.firewall-window",
        "transfer.*",
        "tls.prot-p*",
        "tls.close-notify",
        "tls.session-reuse",
        "tls.series*",
      ],
      why:
        "the 227/229 name the port the server listens on, which the gateway forwards under another number: a " +
        "server cannot advertise a port other than its own (none of the built-ins can), so publish the passive " +
        "range under the same numbers on both sides",
    },
  ],
  dataPortsByChance: null,
});
