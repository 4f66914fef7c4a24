import { describe, expect, it } from "vitest";
import { SKIP_KINDS } from "../checks/outcome.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { runStanding } from "./run-report.js";
import { matrixLabel, observedText, resultCounts, SKIP_LABEL, VERDICT_LABEL } from "./verdict-labels.js";

describe("observedText", () => {
  it("should write a kind's label from the field before the reason, and leave a decided result's text alone", () => {
    for (const skipKind of SKIP_KINDS) {
      expect(observedText({ skipKind, observed: "why" })).toBe(`${SKIP_LABEL[skipKind]}: why`);
    }
    expect(observedText({ observed: "227 Entering Passive Mode" })).toBe("227 Entering Passive Mode");
  });
});

describe("matrixLabel", () => {
  it("should show a requirement that does not apply as a dash, every verdict that ran by its label", () => {
    expect(matrixLabel("not-applicable")).toBe("-");
    expect(matrixLabel("skipped")).toBe(VERDICT_LABEL.skipped);
    expect(matrixLabel("fail")).toBe("FAIL");
  });
});

describe("resultCounts", () => {
  const notApplicable = (check: string) =>
    sampleResult({ check, verdict: "not-applicable", skipKind: "not-applicable", observed: "no NAT here" });

  it("should count only what ran, the skipped by kind, and what does not apply apart", () => {
    const results = [
      sampleResult(),
      sampleResult({ check: "epsv.all", verdict: "fail" }),
      sampleResult({ check: "pasv.connectable", verdict: "xfail" }),
      sampleResult({ check: "ports.in-range", verdict: "skipped", skipKind: "inconclusive", observed: "x" }),
      sampleResult({ check: "client.curl", verdict: "skipped", skipKind: "budget", observed: "x" }),
      notApplicable("address.alg-rewrite"),
      notApplicable("address.epsv-through-nat"),
    ];
    expect(resultCounts(runStanding(results, false))).toBe(
      "5 results ran: 1 pass, 1 fail, 1 expected fail, 2 skipped (1 inconclusive, 1 out of budget); " +
        "2 not applicable by design",
    );
  });

  it("should say nothing of what does not apply when everything applied, and count a run of none", () => {
    expect(resultCounts(sampleReport([sampleResult()]))).toBe("1 result ran: 1 pass");
    expect(resultCounts(sampleReport([notApplicable("address.alg-rewrite")]))).toBe(
      "0 results ran; 1 not applicable by design",
    );
  });
});
