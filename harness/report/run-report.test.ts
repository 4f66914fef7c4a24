import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { sampleResult } from "../testing/sample-report.js";
import { runOutcome, runStanding } from "./run-report.js";

const pass = sampleResult();
const failed = sampleResult({ check: "epsv.all", verdict: "fail" });
const errored = sampleResult({ check: "epsv.all", verdict: "error" });
const budget = sampleResult({ check: "ports.in-range", verdict: "skipped", skipKind: "budget" });
const outOfTime = sampleResult({ check: "ports.in-range", verdict: "skipped", skipKind: "out-of-time" });
/** Not applicable, or skipped for what the server is (inconclusive): decided, not undecided. */
const notApplicable = sampleResult({
  check: "address.alg-rewrite",
  verdict: "not-applicable",
  skipKind: "not-applicable",
});
const inconclusive = sampleResult({ check: "data.foreign-refused", verdict: "skipped", skipKind: "inconclusive" });
const shouldFailed = sampleResult({ check: "ports.exhaustion", level: "SHOULD", verdict: "non-strict" });

describe("runOutcome", () => {
  it.each<[string, CheckResult[], boolean, string]>([
    ["every result decided and passing", [pass, notApplicable, inconclusive, shouldFailed], false, "passed"],
    [
      "the same with --strict (the SHOULD failure's verdict already says fail there)",
      [pass, notApplicable],
      true,
      "passed",
    ],
    ["a check skipped for the used-up budget", [pass, budget], false, "incomplete"],
    ["a check out of time while the server still answered", [pass, outOfTime], false, "incomplete"],
    ["undecided under --strict", [pass, budget], true, "failed"],
    ["a failure and an undecided check: the failure wins", [failed, budget], false, "failed"],
    ["an error and an undecided check", [errored, outOfTime], false, "failed"],
  ])("%s: %j -> %s", (_, results, strict, outcome) => {
    expect(runOutcome(results, strict)).toBe(outcome);
  });

  it("should read undecided from the result's field, not from its wording", () => {
    // The words a budget skip has, on a skip of another kind: a decided skip.
    const observed = "the time budget of 300 s ... was used up";
    const worded = sampleResult({ verdict: "skipped", skipKind: "inconclusive", observed });
    expect(runOutcome([worded], false)).toBe("passed");
  });
});

describe("runStanding", () => {
  it("should count the undecided results and say passed only for a whole run", () => {
    expect(runStanding([pass, budget, outOfTime], false)).toMatchObject({
      outcome: "incomplete",
      passed: false,
      undecided: 2,
      summary: { pass: 1, skipped: 2, total: 3 },
    });
    const mixed = runStanding([pass, notApplicable, notApplicable, inconclusive, budget], false);
    expect(mixed.skips).toEqual({
      unsupported: 0,
      inconclusive: 1,
      "out-of-time": 0,
      budget: 1,
      "not-run": 0,
    });
    expect(mixed.summary).toMatchObject({ pass: 1, skipped: 2, "not-applicable": 2, total: 5, ran: 3 });
    expect(runStanding([pass], false)).toMatchObject({ outcome: "passed", passed: true, undecided: 0 });
  });
});
