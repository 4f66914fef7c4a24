import { describe, expect, it } from "vitest";
import { clientBehindNat } from "./compositions/client-behind-nat.js";
import { serverBehindBalancer } from "./compositions/server-behind-balancer.js";
import { sameNetwork } from "./compositions/same-network.js";
import { serverBehindFirewall } from "./compositions/server-behind-firewall.js";
import { serverBehindNat } from "./compositions/server-behind-nat.js";
import { lanClientThroughHairpin } from "./compositions/lan-client-through-hairpin.js";
import { serverBehindNatByName } from "./compositions/server-behind-nat-by-name.js";
import { serverReplicasBehindBalancer } from "./compositions/server-replicas-behind-balancer.js";
import {
  controlSourceRewritten,
  dataMissesControlPeer,
  defineScenario,
  intruderIndistinct,
  measuresServerAlone,
  type TopologyFacts,
} from "./scenario.js";
import { SCENARIOS } from "./scenarios.js";

const FACTS: ReadonlyArray<keyof TopologyFacts> = [
  "family",
  "natted",
  "advertisesPublicAddress",
  "advertisesPublicName",
  "forwarding",
  "ftpHelper",
  "clientNat",
  "clientFtpHelper",
  "gatewayOnPath",
  "sourceRewrite",
  "replicas",
];
const factsOf = (scenario: TopologyFacts) => Object.fromEntries(FACTS.map((fact) => [fact, scenario[fact]]));

describe("scenario facts", () => {
  it("should take a scenario's facts from its composition, and build with it", async () => {
    const composition = serverBehindNat({ forwarding: "half-range", ftpHelper: true, advertisesPublicAddress: false });
    const built = { built: true };
    const scenario = defineScenario({
      name: "x",
      order: 1,
      description: "a scenario",
      byNameOnly: null,
      expectedCauses: [],
      dataPortsByChance: null,
      composition: { ...composition, build: async () => built as never },
    });
    expect(factsOf(scenario)).toEqual({
      family: "ipv4",
      natted: true,
      advertisesPublicAddress: false,
      forwarding: "half-range",
      ftpHelper: true,
      clientNat: false,
      clientFtpHelper: false,
      gatewayOnPath: true,
      sourceRewrite: "none",
      replicas: "one",
    });
    expect(await scenario.build({} as never)).toBe(built);
  });

  it("should declare a helper only where a gateway runs it", () => {
    expect(clientBehindNat({ ftpHelper: true }).facts).toMatchObject({ clientFtpHelper: true, ftpHelper: false });
    expect(serverBehindFirewall({ forwarding: "none", ftpHelper: true }).facts).toMatchObject({
      ftpHelper: true,
      clientFtpHelper: false,
    });
    expect(sameNetwork("ipv4").facts).toMatchObject({ gatewayOnPath: false, ftpHelper: false, clientFtpHelper: false });
  });

  it.each(["balancer-one-address", "balancer-two-addresses", "control-proxied"] as const)(
    "should declare a balancer's or proxy's rewrite of the client's source (%s) behind a NAT it forwards through",
    (sourceRewrite) => {
      expect(serverBehindBalancer({ sourceRewrite }).facts).toMatchObject({
        sourceRewrite,
        natted: true,
        advertisesPublicAddress: true,
        forwarding: "whole-range",
        ftpHelper: false,
        gatewayOnPath: true,
      });
    },
  );

  it.each([
    [false, "spread"],
    [true, "client-affinity"],
  ] as const)(
    "should declare replicas behind a balancer (affinity %s: %s), keeping the client's source",
    (affinity, replicas) => {
      expect(serverReplicasBehindBalancer({ affinity }).facts).toEqual({
        family: "ipv4",
        natted: true,
        advertisesPublicAddress: true,
        forwarding: "whole-range",
        ftpHelper: false,
        clientNat: false,
        clientFtpHelper: false,
        gatewayOnPath: true,
        sourceRewrite: "none",
        replicas,
      });
    },
  );

  it("should declare one server wherever no balancer spreads replicas", () => {
    const single = [
      sameNetwork("ipv4"),
      clientBehindNat({ ftpHelper: false }),
      serverBehindNat({ forwarding: "whole-range", ftpHelper: false, advertisesPublicAddress: true }),
      serverBehindFirewall({ forwarding: "none", ftpHelper: true }),
      serverBehindBalancer({ sourceRewrite: "balancer-two-addresses" }),
    ];
    for (const composition of single) expect(composition.facts.replicas).toBe("one");
  });

  it("should rewrite no source where no balancer or proxy is", () => {
    for (const composition of [sameNetwork("ipv4"), clientBehindNat({ ftpHelper: false })]) {
      expect(composition.facts.sourceRewrite).toBe("none");
    }
  });

  it("should declare a host name only where the composition gives the server one, behind the NAT it advertises", () => {
    expect(serverBehindNatByName().facts).toMatchObject({
      natted: true,
      advertisesPublicAddress: true,
      advertisesPublicName: true,
      forwarding: "whole-range",
      ftpHelper: false,
    });
    expect(SCENARIOS.filter((s) => s.advertisesPublicName).map((s) => s.name)).toEqual([
      "dns-name",
      "dns-name-hairpin",
    ]);
  });

  it("should declare a LAN client through the gateway's hairpin NAT as a rewrite of its source, by name", () => {
    const scenario = SCENARIOS.find((s) => s.name === "dns-name-hairpin");
    expect(scenario && factsOf(scenario)).toEqual({ ...factsOf(lanClientThroughHairpin().facts) });
    expect(lanClientThroughHairpin().facts).toEqual({
      family: "ipv4",
      natted: true,
      advertisesPublicAddress: true,
      advertisesPublicName: true,
      forwarding: "whole-range",
      ftpHelper: false,
      clientNat: false,
      clientFtpHelper: false,
      gatewayOnPath: true,
      sourceRewrite: "hairpin-snat",
      replicas: "one",
    });
    expect(scenario && intruderIndistinct(scenario)).toMatch(/hairpin NAT source-NATs every connection/);
    expect(scenario && controlSourceRewritten(scenario)).toMatch(
      /hairpin NAT rewrites the control connection's source/,
    );
    expect(scenario && dataMissesControlPeer(scenario)).toBeNull();
  });

  it("should declare nat-no-helper's gateway as forwarding no data port and attaching no helper", () => {
    const scenario = SCENARIOS.find((s) => s.name === "nat-no-helper");
    expect(scenario && factsOf(scenario)).toEqual({
      family: "ipv4",
      natted: true,
      advertisesPublicAddress: true,
      forwarding: "none",
      ftpHelper: false,
      clientNat: false,
      clientFtpHelper: false,
      gatewayOnPath: true,
      sourceRewrite: "none",
      replicas: "one",
    });
    expect(scenario?.byNameOnly).not.toBeNull();
    expect(scenario?.expectedCauses.map((e) => e.cause)).toEqual(["data-ports-not-forwarded"]);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))("should hold together in %s", (_name, scenario) => {
    // What a gateway does needs a gateway; the client's helper sits on the client's NAT gateway.
    if (scenario.natted || scenario.clientNat || scenario.ftpHelper || scenario.forwarding !== "none") {
      expect(scenario.gatewayOnPath).toBe(true);
    }
    if (scenario.clientFtpHelper) expect(scenario.clientNat).toBe(true);
    // A balancer or proxy rewriting the client's source stands on the path.
    if (scenario.sourceRewrite !== "none") expect(scenario.gatewayOnPath).toBe(true);
    // Replicas stand behind a balancer, which forwards the passive range to them.
    if (scenario.replicas !== "one") expect(scenario).toMatchObject({ gatewayOnPath: true, forwarding: "whole-range" });
    // PASV names only IPv4 addresses and EPSV none: over IPv6 nothing is advertised.
    if (scenario.family === "ipv6") expect(scenario.advertisesPublicAddress).toBe(false);
    // A host name stands for the public address: only where the server is told one.
    if (scenario.advertisesPublicName) expect(scenario.advertisesPublicAddress).toBe(true);
  });

  it("should measure a property of the server alone in exactly one scenario, the direct one", () => {
    expect(SCENARIOS.filter(measuresServerAlone).map((s) => s.name)).toEqual(["direct"]);
  });
});
