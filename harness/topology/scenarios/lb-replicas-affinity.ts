import { serverReplicasBehindBalancer } from "../compositions/server-replicas-behind-balancer.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "lb-replicas-affinity",
  order: 119,
  description:
    "as lb-replicas, but the balancer keeps a client's connections on the replica its control connection " +
    "reached (session affinity by the client's address, iptables -m recent as kube-proxy's sessionAffinity: " +
    "ClientIP): the data connection reaches the session that advertised it, and passive mode works",
  composition: serverReplicasBehindBalancer({ affinity: true }),
  byNameOnly:
    "a load balancer's deployment shape with two servers: run it by name until its cost in the default run is weighed (about 20 s a pair for vsftpd)",
  expectedCauses: [],
  dataPortsByChance: null,
});
