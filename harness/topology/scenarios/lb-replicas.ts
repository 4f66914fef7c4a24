import { serverReplicasBehindBalancer } from "../compositions/server-replicas-behind-balancer.js";
import { defineScenario } from "../scenario.js";
import { PASSIVE_DATA } from "./lb-snat-pool.js";

export const scenario = defineScenario({
  name: "lb-replicas",
  order: 118,
  description:
    "two replicas of the server behind a load balancer without source affinity, spreading connections by " +
    "destination port (the control port to replica 1, the passive range to replica 2): every data connection " +
    "reaches the replica that did not send the 227/229, where nothing listens",
  composition: serverReplicasBehindBalancer({ affinity: false }),
  byNameOnly:
    "a load balancer's deployment shape with two servers: run it by name until its cost in the default run is weighed (about 20 s a pair for vsftpd)",
  expectedCauses: [
    {
      cause: "data-reached-other-replica",
      checks: PASSIVE_DATA,
      why:
        "the balancer spreads connections over the replicas without source affinity, so the data connection reaches " +
        "another replica than the one whose session sent the 227/229 and listens on that port. Fix at the balancer: " +
        "session affinity (sticky sessions) by the client's address over the control port and the passive range " +
        "together, or one replica for FTP",
    },
  ],
  dataPortsByChance: null,
});
