import { describe, expect, it } from "vitest";
import { SAMPLE_NAT_NETWORK } from "../testing/sample-network.js";
import type { DialOutcome } from "../agent/agent-protocol.js";
import type { NetworkFacts } from "../topology/network-facts.js";
import { causeOfFailedDial } from "./failure-cause.js";

/** A gateway forwarding only the control port, with no FTP helper (nat-no-helper). */
const CONTROL_ONLY: NetworkFacts = {
  ...SAMPLE_NAT_NETWORK,
  forwardedPorts: null,
  dataPortsClosedAtGateway: true,
};

describe("causeOfFailedDial: data ports not forwarded", () => {
  it.each<[string, NetworkFacts, string, DialOutcome, string | undefined]>([
    ["the public address, refused by the gateway", CONTROL_ONLY, "203.0.113.2", "refused", "data-ports-not-forwarded"],
    ["the public address, dropped", CONTROL_ONLY, "203.0.113.2", "timeout", "data-ports-not-forwarded"],
    ["the public address, connected: nothing failed", CONTROL_ONLY, "203.0.113.2", "connected", undefined],
    ["another address: not the gateway's doing", CONTROL_ONLY, "203.0.113.9", "refused", undefined],
    [
      "the private address: the server did not advertise the public one",
      CONTROL_ONLY,
      "10.77.0.3",
      "outside-topology",
      "advertised-address-unreachable",
    ],
    [
      "a helper opens the ports: a refusal there is something else",
      { ...CONTROL_ONLY, dataPortsClosedAtGateway: false },
      "203.0.113.2",
      "refused",
      undefined,
    ],
    [
      "no gateway in front (direct): nothing listened",
      { ...CONTROL_ONLY, dataPortsClosedAtGateway: undefined },
      "203.0.113.2",
      "refused",
      undefined,
    ],
  ])("%s", (_name, network, host, outcome, kind) => {
    const cause = causeOfFailedDial({ host, port: 30001 }, outcome, network);
    expect(cause?.kind).toBe(kind);
    if (kind === "data-ports-not-forwarded") {
      expect(cause?.detail).toContain(`${host}:30001 is the public address`);
      expect(cause?.detail).toContain("Forward the server's whole passive range to it, or attach the FTP helper");
    }
  });
});
