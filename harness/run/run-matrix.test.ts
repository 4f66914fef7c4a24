import { describe, expect, it } from "vitest";
import { FAKE_TARGET } from "../testing/fake-environment.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { runMatrix } from "./run-conformance.js";

describe("runMatrix", () => {
  const targets = ["a", "b", "c"].map((name) => ({ ...FAKE_TARGET, name }));
  const key = (pairs: ReturnType<typeof runMatrix>) => pairs.map((p) => `${p.target.name}/${p.scenario.name}`);

  it("should give each pair to exactly one of n shards", () => {
    const all = key(runMatrix(targets, SCENARIOS));
    expect(all).toHaveLength(targets.length * SCENARIOS.length);
    for (const count of [1, 2, 3, 4, 7, 15, 20]) {
      const shards = Array.from({ length: count }, (_, i) =>
        key(runMatrix(targets, SCENARIOS, { index: i + 1, count })),
      );
      expect(shards.flat().sort()).toEqual([...all].sort());
    }
  });

  it("should leave a target out of the scenarios its profile does not take part in", () => {
    const only = [{ ...FAKE_TARGET, name: "x", scenarios: ["direct", "nat"] as const }];
    expect(key(runMatrix(only, SCENARIOS))).toEqual(["x/direct", "x/nat"]);
  });
});
