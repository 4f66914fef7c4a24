import { describe, expect, it } from "vitest";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { compareWithBaseline, knownFailure, withBaseline } from "./baseline-compare.js";
import type { Baseline, BaselineEntry } from "./baseline-file.js";

const entry = (over: Partial<BaselineEntry> = {}): BaselineEntry => ({
  target: "vsftpd",
  scenario: "nat",
  check: "epsv.all",
  verdict: "fail",
  reason: "vsftpd 3.0.3 accepts EPRT after EPSV ALL",
  ...over,
});
const baselineOf = (...entries: BaselineEntry[]): Baseline => ({ file: "known.yaml", entries });
const epsvAll = sampleResult({ check: "epsv.all", verdict: "fail" });
const exhaustion = sampleResult({ check: "ports.exhaustion", level: "SHOULD", verdict: "non-strict" });
const budget = sampleResult({
  check: "listener.idle-timeout",
  verdict: "skipped",
  skipKind: "budget",
  observed: "the pair's time budget was used up",
});

describe("compareWithBaseline", () => {
  it("should accept a failure the baseline lists, naming its reason", () => {
    const comparison = compareWithBaseline([epsvAll, sampleResult()], baselineOf(entry()), false);
    expect(comparison).toEqual({
      file: "known.yaml",
      strict: false,
      newFailures: [],
      known: [{ target: "vsftpd", scenario: "nat", check: "epsv.all", verdict: "fail", reason: entry().reason }],
      fixed: [],
      notDecided: 0,
    });
  });

  it("should call a failing result it does not list new, matching target, scenario, check and variant", () => {
    const results = [
      sampleResult({ scenario: "direct", check: "epsv.all", verdict: "fail" }),
      sampleResult({ target: "proftpd", check: "epsv.all", verdict: "fail" }),
      sampleResult({ check: "transfer.retr", variant: "epsv", verdict: "fail" }),
      sampleResult({ check: "pasv.format", verdict: "error" }),
    ];
    const baseline = baselineOf(entry(), entry({ check: "transfer.retr", variant: "pasv" }));
    const comparison = compareWithBaseline(results, baseline, false);
    expect(comparison.newFailures.map((r) => `${r.target}/${r.scenario} ${r.check}[${r.variant ?? ""}]`)).toEqual([
      "vsftpd/direct epsv.all[]",
      "proftpd/nat epsv.all[]",
      "vsftpd/nat transfer.retr[epsv]",
      "vsftpd/nat pasv.format[]",
    ]);
    expect(comparison.notDecided).toBe(2);
  });

  it("should accept a milder failure than the one listed, and call a worse one new (naming what is listed)", () => {
    const milder = compareWithBaseline([exhaustion], baselineOf(entry({ check: "ports.exhaustion" })), false);
    expect(milder.known).toHaveLength(1);
    const worse = compareWithBaseline([epsvAll], baselineOf(entry({ verdict: "non-strict" })), false);
    expect(worse.newFailures).toEqual([
      { target: "vsftpd", scenario: "nat", check: "epsv.all", verdict: "fail", listedAs: "non-strict" },
    ]);
    expect(worse.notDecided).toBe(0);
  });

  it("should accept a SHOULD failure that --strict made `fail` with its non-strict entry", () => {
    const strictRun = sampleResult({ check: "ports.exhaustion", level: "SHOULD", verdict: "fail" });
    const comparison = compareWithBaseline(
      [strictRun],
      baselineOf(entry({ check: "ports.exhaustion", verdict: "non-strict" })),
      false,
    );
    expect(comparison.newFailures).toEqual([]);
    expect(comparison.known).toHaveLength(1);
  });

  it("should never accept a harness error, even where the check is listed", () => {
    const comparison = compareWithBaseline(
      [sampleResult({ check: "epsv.all", verdict: "error" })],
      baselineOf(entry()),
      false,
    );
    expect(comparison.newFailures.map((r) => r.verdict)).toEqual(["error"]);
    expect(comparison.notDecided).toBe(1);
  });

  it("should call an entry whose result passed (or is info or an expected failure now) fixed", () => {
    const results = [
      sampleResult({ check: "epsv.all" }),
      sampleResult({ check: "epsv.net-prt-list", level: "ADVISORY", verdict: "info" }),
      sampleResult({ check: "pasv.connectable", verdict: "xfail" }),
    ];
    const baseline = baselineOf(entry(), entry({ check: "epsv.net-prt-list" }), entry({ check: "pasv.connectable" }));
    const comparison = compareWithBaseline(results, baseline, true);
    expect(comparison.fixed.map((e) => [e.check, e.now])).toEqual([
      ["epsv.all", "pass"],
      ["epsv.net-prt-list", "info"],
      ["pasv.connectable", "xfail"],
    ]);
    expect(comparison.strict).toBe(true);
  });

  it("should call an entry whose result did not run, was skipped or left undecided neither new nor fixed", () => {
    const results = [
      sampleResult({ check: "epsv.all", verdict: "skipped", skipKind: "not-applicable", observed: "n/a" }),
      budget,
    ];
    const baseline = baselineOf(entry(), entry({ check: "listener.idle-timeout" }), entry({ scenario: "direct" }));
    const comparison = compareWithBaseline(results, baseline, true);
    expect(comparison).toMatchObject({ newFailures: [], known: [], fixed: [], notDecided: 3 });
  });

  it("should leave a non-strict failure it does not list out of the new ones without --strict: it does not fail the run", () => {
    expect(compareWithBaseline([exhaustion], baselineOf(), false).newFailures).toEqual([]);
  });
});

describe("compareWithBaseline and a profile's variants", () => {
  const variantOf = (target: string) => (target === "vsftpd-no-public" ? "vsftpd" : undefined);
  const ofVariant = sampleResult({ target: "vsftpd-no-public", check: "epsv.all", verdict: "fail" });

  it("should accept a variant's failure that the baseline lists for its profile", () => {
    const comparison = compareWithBaseline([ofVariant], baselineOf(entry()), false, variantOf);
    expect(comparison.known.map((k) => [k.target, k.reason])).toEqual([["vsftpd-no-public", entry().reason]]);
    expect(comparison.newFailures).toEqual([]);
    expect(comparison.notDecided).toBe(0);
  });

  it("should prefer the variant's own entry, and not lend a profile's entry to another target", () => {
    const own = entry({ target: "vsftpd-no-public", verdict: "non-strict", reason: "its own" });
    const comparison = compareWithBaseline([ofVariant], baselineOf(entry(), own), false, variantOf);
    expect(comparison.newFailures.map((n) => [n.target, n.listedAs])).toEqual([["vsftpd-no-public", "non-strict"]]);
    const other = sampleResult({ target: "proftpd", check: "epsv.all", verdict: "fail" });
    expect(compareWithBaseline([other], baselineOf(entry()), false, variantOf).newFailures).toHaveLength(1);
  });
});

describe("withBaseline", () => {
  const judged = (
    results: Parameters<typeof sampleReport>[0],
    entries: BaselineEntry[],
    strict = false,
    baselineStrict = false,
  ) => withBaseline(sampleReport(results, { strict }), baselineOf(...entries), baselineStrict);

  it("should pass a run whose every failure is listed", () => {
    const report = judged(
      [epsvAll, exhaustion, sampleResult()],
      [entry(), entry({ check: "ports.exhaustion", verdict: "non-strict" })],
    );
    expect(report).toMatchObject({ outcome: "passed", passed: true, summary: { fail: 1 } });
    expect(knownFailure(report, epsvAll)?.reason).toBe(entry().reason);
  });

  it("should fail a run with a failure not listed", () => {
    expect(judged([epsvAll], [])).toMatchObject({ outcome: "failed", passed: false });
  });

  it("should pass a run with a fixed entry, and fail it with --baseline-strict", () => {
    expect(judged([sampleResult({ check: "epsv.all" })], [entry()]).outcome).toBe("passed");
    expect(judged([sampleResult({ check: "epsv.all" })], [entry()], false, true).outcome).toBe("failed");
  });

  it("should leave a run with undecided results incomplete (failed with --strict), as without a baseline", () => {
    expect(judged([epsvAll, budget], [entry()]).outcome).toBe("incomplete");
    expect(judged([epsvAll, budget], [entry()], true).outcome).toBe("failed");
    expect(judged([sampleResult({ check: "pasv.format", verdict: "fail" }), budget], [entry()]).outcome).toBe("failed");
  });
});
