import { serverBehindBalancer } from "../compositions/server-behind-balancer.js";
import { defineScenario } from "../scenario.js";
import { PASSIVE_DATA } from "./lb-snat-pool.js";

export const scenario = defineScenario({
  name: "userland-proxy",
  order: 116,
  description:
    "the control port relayed by a userland TCP proxy that opens its own connection to the server (the server " +
    "sees the proxy's address), the passive range DNATed (the server sees the client's): docker-proxy's case, " +
    "where a server verifying the data connection's address refuses it",
  composition: serverBehindBalancer({ sourceRewrite: "control-proxied" }),
  byNameOnly:
    "a proxy's deployment shape: run it by name until its cost in the default run is weighed (about 30 s a pair for vsftpd)",
  expectedCauses: [
    {
      cause: "control-and-data-sources-differ",
      checks: PASSIVE_DATA,
      why:
        "the proxy re-originates the control connection from its own address while the data connections keep the " +
        "client's, so the server, verifying that a data connection comes from the control connection's address, " +
        "refuses it (the users' 'data connection ip address ... does not match control connection ip address'). " +
        'Fix the deployment: forward the control port by NAT like the passive range (Docker: "userland-proxy": ' +
        "false, or host networking), so both keep the client's address; or switch the server's check off " +
        "(vsftpd pasv_promiscuous=YES, ProFTPD AllowForeignAddress on), which lets anyone who reaches the " +
        "passive port take the transfer",
    },
  ],
  dataPortsByChance: null,
});
