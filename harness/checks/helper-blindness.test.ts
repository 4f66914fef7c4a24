import { describe, expect, it } from "vitest";
import { SAMPLE_NAT_NETWORK } from "../testing/sample-network.js";
import type { DialOutcome } from "../agent/agent-protocol.js";
import type { NetworkFacts } from "../topology/network-facts.js";
import { causeOfHelperBlindness } from "./failure-cause.js";

const NETWORK: NetworkFacts = {
  ...SAMPLE_NAT_NETWORK,
  forwardedPorts: null,
};

describe("causeOfHelperBlindness", () => {
  it.each<[string, boolean, string, DialOutcome, boolean]>([
    ["private 227 under TLS, no route, plaintext worked", true, "10.77.0.3", "outside-topology", true],
    ["another private address, the dial timed out", true, "10.77.0.9", "timeout", true],
    ["plaintext failed too: not the helper's blindness", false, "10.77.0.3", "outside-topology", false],
    ["the public address: the server advertised it, something else failed", true, "203.0.113.2", "refused", false],
    ["a private address that answered", true, "10.77.0.3", "connected", false],
    ["a private address that refused: a path exists", true, "10.77.0.3", "refused", false],
  ])("%s", (_name, plaintextWorked, host, outcome, shown) => {
    const cause = causeOfHelperBlindness({ plaintextWorked, endpoint: { host, port: 30001 }, outcome }, NETWORK);
    expect(cause?.kind).toBe(shown ? "helper-blind-under-tls" : undefined);
    if (shown) expect(cause?.detail).toContain(`${host}:30001`);
  });
});
