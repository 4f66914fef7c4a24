import { describe, expect, it } from "vitest";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { rebaseCaptures } from "./rebase-captures.js";

describe("rebaseCaptures", () => {
  it("should link a shard's captures from the merged report's directory", () => {
    const shard = sampleReport([
      sampleResult({
        verdict: "fail",
        captures: { files: [{ host: "agents", file: "captures/a.pcap" }], tlsKeyLog: "captures/k.log" },
      }),
      sampleResult({ check: "epsv.reply" }),
    ]);
    const merged = rebaseCaptures(shard, "/ci/shards/shard-1", "/ci/test-results");
    expect(merged.results[0]?.captures).toEqual({
      files: [{ host: "agents", file: "../shards/shard-1/captures/a.pcap" }],
      tlsKeyLog: "../shards/shard-1/captures/k.log",
    });
    expect(merged.results[1]).toBe(shard.results[1]);
  });
});
