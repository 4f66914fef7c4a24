import type { NetworkFacts } from "../topology/network-facts.js";

/**
 * Where things are behind a NAT gateway, for the failure-cause tests: the public 203.0.113.2 (the
 * control connection's address), the server at 10.77.0.3 on its private 10.77.0.0/24, the client and
 * intruder outside. Each test spreads it and sets what its gateway forwards.
 */
export const SAMPLE_NAT_NETWORK: NetworkFacts = {
  control: { host: "203.0.113.2", port: 21 },
  publicAddress: "203.0.113.2",
  serverAddress: "10.77.0.3",
  privateSubnets: ["10.77.0.0/24"],
  clientAddress: "203.0.113.4",
  clientPrivateAddress: null,
  intruderAddress: "203.0.113.5",
  forwardedPorts: null,
};
