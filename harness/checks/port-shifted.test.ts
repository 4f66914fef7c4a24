import { describe, expect, it } from "vitest";
import { SAMPLE_NAT_NETWORK } from "../testing/sample-network.js";
import type { DialOutcome } from "../agent/agent-protocol.js";
import { publicPortOf, type NetworkFacts } from "../topology/network-facts.js";
import { causeOfFailedDial } from "./failure-cause.js";

/** A gateway forwarding the server's 30000-30009 as 40000-40009 (port-shift). */
const SHIFTED: NetworkFacts = {
  ...SAMPLE_NAT_NETWORK,
  forwardedPorts: { min: 40000, max: 40009 },
  portShift: { range: { min: 30000, max: 30009 }, by: 10000 },
};

describe("causeOfFailedDial: the passive range shifted at the gateway", () => {
  it.each<[string, NetworkFacts, string, number, DialOutcome, string | undefined]>([
    [
      "the server's port at the public address, refused",
      SHIFTED,
      "203.0.113.2",
      30004,
      "refused",
      "port-shifted-at-gateway",
    ],
    ["the server's port, connected: nothing failed", SHIFTED, "203.0.113.2", 30004, "connected", undefined],
    ["the server's port, dropped on the way", SHIFTED, "203.0.113.2", 30004, "timeout", "port-shifted-at-gateway"],
    [
      "the server's port, reset after connecting: not the gateway's doing",
      SHIFTED,
      "203.0.113.2",
      30004,
      "reset",
      undefined,
    ],
    ["another address: not the gateway's doing", SHIFTED, "203.0.113.9", 30004, "refused", undefined],
    [
      "a port outside the server's range and the window: not a shift",
      SHIFTED,
      "203.0.113.2",
      50000,
      "refused",
      "port-outside-forwarded-window",
    ],
    [
      "the private address: the server did not advertise the public one",
      SHIFTED,
      "10.77.0.3",
      30004,
      "outside-topology",
      "advertised-address-unreachable",
    ],
    [
      "no shift (nat): a refusal inside the window is something else",
      { ...SHIFTED, forwardedPorts: { min: 30000, max: 30009 }, portShift: undefined },
      "203.0.113.2",
      30004,
      "refused",
      undefined,
    ],
  ])("%s", (_name, network, host, port, outcome, kind) => {
    const cause = causeOfFailedDial({ host, port }, outcome, network);
    expect(cause?.kind).toBe(kind);
    if (kind === "port-shifted-at-gateway") {
      expect(cause?.detail).toContain(
        "forwards its range 30000-30009 as 40000-40009 (port 30004 arrives there as 40004)",
      );
      expect(cause?.detail).toContain("publish the range under the same numbers on both sides");
      expect(cause?.range).toEqual({ min: 30000, max: 30009 });
    }
  });
});

describe("publicPortOf", () => {
  it.each([
    [30000, 40000],
    [30009, 40009],
    [29999, 29999],
    [21, 21],
  ])("should lead from outside to the server's port %i at %i", (port, outside) => {
    expect(publicPortOf(port, SHIFTED)).toBe(outside);
  });

  it("should keep the number where nothing is shifted", () => {
    expect(publicPortOf(30004, { portShift: undefined })).toBe(30004);
  });
});
