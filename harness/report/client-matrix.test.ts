import { describe, expect, it } from "vitest";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { clientMatrix } from "./client-matrix.js";

describe("clientMatrix", () => {
  it("should show each client's data commands from the result's structured field, not its text", () => {
    const report = sampleReport(
      [
        sampleResult({
          check: "client.curl",
          scenario: "nat",
          dataCommands: ["EPSV"],
          observed: "passive commands: PASV",
        }),
        sampleResult({ check: "client.curl", scenario: "direct", dataCommands: [] }),
        sampleResult({ check: "client.lftp-active", scenario: "nat", dataCommands: ["PORT"] }),
        sampleResult({ check: "pasv.reply", scenario: "nat" }),
      ],
      { scenarios: ["direct", "nat"] },
    );
    const matrix = clientMatrix(report);
    expect(matrix.rows.map((r) => r.client)).toEqual(["curl", "lftp-active"]);
    const modes = matrix.rows.map((r) => r.cells.map((c) => c?.mode ?? null));
    const at = (scenario: string) => matrix.columns.findIndex((c) => c.scenario === scenario);
    expect(modes[0]?.[at("nat")]).toBe("EPSV");
    expect(modes[0]?.[at("direct")]).toBe("none seen");
    expect(modes[1]?.[at("nat")]).toBe("PORT");
    expect(modes[1]?.[at("direct")]).toBeNull();
  });
});
