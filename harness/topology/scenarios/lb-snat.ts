import { serverBehindBalancer } from "../compositions/server-behind-balancer.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "lb-snat",
  order: 112,
  description:
    "a load balancer in front of the server source-NATs every client connection to one address of its own " +
    "(kube-proxy with externalTrafficPolicy: Cluster): the server sees the balancer for control and data " +
    "alike, so its IP check still pairs them, but it can no longer tell the client from anyone else",
  composition: serverBehindBalancer({ sourceRewrite: "balancer-one-address" }),
  byNameOnly:
    "a load balancer's deployment shape: run it by name until its cost in the default run is weighed (about 20 s a pair for vsftpd)",
  expectedCauses: [],
  dataPortsByChance: null,
});
