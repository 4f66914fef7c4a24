import { describe, expect, it } from "vitest";
import { directNetworkFacts, gatewayNetworkFacts } from "./network-facts-of.js";

const agents = { clientAddress: "172.30.0.4", intruderAddress: "172.30.0.5" };

describe("network facts of a composition", () => {
  it("should put the control connection at the gateway's public address, the server's subnet private", () => {
    const sides = { publicAddress: "172.30.0.2", serverAddress: "10.9.0.3", privateSubnet: "10.9.0.0/24" };
    expect(gatewayNetworkFacts({ ...sides, controlPort: 21, agents }, { forwardedPorts: null })).toEqual({
      control: { host: "172.30.0.2", port: 21 },
      publicAddress: "172.30.0.2",
      serverAddress: "10.9.0.3",
      privateSubnets: ["10.9.0.0/24"],
      clientAddress: "172.30.0.4",
      clientPrivateAddress: null,
      intruderAddress: "172.30.0.5",
      forwardedPorts: null,
    });
  });

  it("should take what a composition states over the defaults", () => {
    const facts = directNetworkFacts(
      { serverAddress: "172.30.0.3", controlPort: 2121, agents },
      { clientAddress: "172.30.0.2", forwardedPorts: { min: 30000, max: 30009 } },
    );
    expect(facts).toMatchObject({
      control: { host: "172.30.0.3", port: 2121 },
      publicAddress: "172.30.0.3",
      privateSubnets: [],
      clientAddress: "172.30.0.2",
      intruderAddress: "172.30.0.5",
      forwardedPorts: { min: 30000, max: 30009 },
    });
  });
});
