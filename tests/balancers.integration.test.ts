import { expect, it } from "vitest";
import { BALANCER_VERDICTS } from "./known-verdicts.js";
import { describePinnedScenarios } from "./pinned-scenarios.js";

/**
 * The scenarios of balancers and proxies before the server run only by name: each built-in that has
 * pins there, in one run of those scenarios, as a user would name them.
 */
describePinnedScenarios("%s behind balancers and proxies", BALANCER_VERDICTS, 600000, (report) => {
  it("should name the cause of a refused data connection from the balancer's connection table", () => {
    const refused = report().results.find((r) => r.scenario === "lb-snat-pool" && r.check === "transfer.retr");
    expect(refused?.verdict).toBe("xfail");
    expect(refused?.note).toMatch(
      /control connections reaching it from [\d.]+ and \d+ data connection\(s\) from [\d.]+/,
    );
  });
});
