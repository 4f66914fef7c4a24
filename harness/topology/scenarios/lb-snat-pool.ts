import { serverBehindBalancer } from "../compositions/server-behind-balancer.js";
import { defineScenario } from "../scenario.js";

/** Every check and real client whose passive data connection the server must accept (userland-proxy too). */
export const PASSIVE_DATA = [
  "pasv.connectable",
  "address.*",
  "transfer.*",
  "epsv.*",
  "listener.*",
  "ports.*",
  "tls.prot-p[*]",
  "tls.close-notify",
  "tls.session-reuse",
  "tls.series*",
  "client.*",
];

export const scenario = defineScenario({
  name: "lb-snat-pool",
  order: 114,
  description:
    "as lb-snat, but the balancer source-NATs from a pool of two addresses, deterministically: the control " +
    "connection reaches the server from the first, data connections from the second (a balancer picking an " +
    "address per connection does this to some of them): a server verifying the data connection's address refuses it",
  composition: serverBehindBalancer({ sourceRewrite: "balancer-two-addresses" }),
  byNameOnly:
    "a load balancer's deployment shape: run it by name until its cost in the default run is weighed (about 20 s a pair for vsftpd)",
  expectedCauses: [
    {
      cause: "control-and-data-sources-differ",
      checks: PASSIVE_DATA,
      why:
        "the balancer's source NAT gives the control and data connections different addresses, and the server, " +
        "verifying that a data connection comes from the control connection's address, refuses it (the users' " +
        "'425 Security: Bad IP connecting'). Fix at the balancer: preserve the client's address " +
        "(externalTrafficPolicy: Local), or source-NAT to one address, or pin a client's connections to one " +
        "(session affinity); or switch the server's check off (vsftpd pasv_promiscuous=YES, ProFTPD " +
        "AllowForeignAddress on), which lets anyone who reaches the passive port take the transfer",
    },
  ],
  dataPortsByChance: null,
});
