import { expect, it } from "vitest";
import { REPLICA_VERDICTS } from "./known-verdicts.js";
import { describePinnedScenarios } from "./pinned-scenarios.js";

/**
 * Two replicas of the server behind a balancer (run only by name: lb-replicas, lb-replicas-affinity): each
 * built-in in one run of both scenarios, as a user would name them.
 */
describePinnedScenarios("%s as two replicas behind a balancer", REPLICA_VERDICTS, 300000, (report) => {
  it("should name the replica the data connection reached, from the balancer's connection table", () => {
    const missed = report().results.find((r) => r.scenario === "lb-replicas" && r.check === "pasv.connectable");
    expect(missed).toMatchObject({
      verdict: "xfail",
      cause: { kind: "data-reached-other-replica", replica: { number: 2 } },
    });
    expect(missed?.note).toMatch(
      /during this check the balancer sent 1 control connection\(s\) to replica 1 \([\d.]+\), whose session advertised the data port \(port \d+\), and 1 data connection\(s\) to replica 2 \([\d.]+\)/,
    );
  });
});
