import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { sampleCascadeReport, sampleReport, sampleResult, sampleRootCause } from "../testing/sample-report.js";
import { causeOf, describeGroup, groupFindings } from "./what-to-fix.js";

const r = (over: Partial<CheckResult>) => sampleResult({ verdict: "fail", ...over });
const cause = sampleRootCause();
/** A used-up time budget: not the server's doing, nothing failed under it. */
const budget = sampleRootCause({
  id: "vsftpd/nat#2",
  step: "budget",
  description: "the time budget of 300 s for this target and scenario (budget.pairSeconds in its profile) was used up",
  firstSeen: "after transfer.stor[epsv]",
  transcript: [],
});

/** What a group says, in a few words a table can hold. */
const shape = (results: CheckResult[], rootCauses = [cause]) =>
  groupFindings({ results, rootCauses }).map((g) => ({
    key: g.key,
    targets: g.targets.join(","),
    scenarios: g.scenarios.join(","),
    hints: g.hints.join(","),
    results: g.results.length,
    skipped: g.skipped,
    worst: g.worst,
  }));

describe("groupFindings", () => {
  it.each([
    {
      name: "nothing to fix when everything passed, was skipped or failed as expected",
      results: [r({ verdict: "pass" }), r({ verdict: "skipped" }), r({ verdict: "xfail" })],
      rootCauses: [],
      groups: [],
    },
    {
      name: "one check with one hint across targets and scenarios is one group",
      results: [r({ hint: "h" }), r({ scenario: "direct", hint: "h" }), r({ target: "proftpd", hint: "h" })],
      rootCauses: [],
      groups: [{ key: "pasv.reply h", targets: "vsftpd,proftpd", scenarios: "nat,direct", hints: "h", results: 3 }],
    },
    {
      name: "the same check with another hint is another group",
      results: [r({ hint: "a" }), r({ target: "proftpd", hint: "b" })],
      rootCauses: [],
      groups: [
        { key: "pasv.reply a", targets: "vsftpd" },
        { key: "pasv.reply b", targets: "proftpd" },
      ],
    },
    {
      name: "variants of a check are one group",
      results: [r({ check: "transfer.retr", variant: "pasv" }), r({ check: "transfer.retr", variant: "epsv" })],
      rootCauses: [],
      groups: [{ key: "transfer.retr ", results: 2 }],
    },
    {
      name: "consequences of a root cause are one group, before the others, whatever their check or hint",
      results: [
        r({ check: "epsv.all", hint: "h" }),
        r({ check: "ports.exhaustion", verdict: "non-strict", hint: "range", consequenceOf: cause.id }),
        r({ check: "transfer.retr", hint: "other", consequenceOf: cause.id }),
        r({ check: "client.curl", verdict: "skipped", consequenceOf: cause.id }),
      ],
      rootCauses: [cause],
      groups: [
        { key: cause.id, hints: "range,other", results: 2, skipped: 1, worst: "fail" },
        { key: "epsv.all h", results: 1, skipped: 0 },
      ],
    },
    {
      name: "a root cause whose checks were all skipped is still a thing to fix",
      results: [r({ verdict: "skipped", consequenceOf: cause.id })],
      rootCauses: [cause],
      groups: [{ key: cause.id, targets: "vsftpd", scenarios: "nat", results: 0, skipped: 1, worst: "fail" }],
    },
    {
      name: "a used-up budget is something to look at: skipped, after every failure, with its checks' hint",
      results: [
        r({ check: "client.curl", verdict: "skipped", hint: "raise it", consequenceOf: budget.id }),
        r({ check: "server.alive", verdict: "skipped", hint: "raise it", consequenceOf: budget.id }),
        r({ check: "epsv.all", verdict: "info", hint: "h" }),
      ],
      rootCauses: [budget],
      groups: [
        { key: "epsv.all h", worst: "info" },
        { key: budget.id, hints: "raise it", results: 0, skipped: 2, worst: "skipped" },
      ],
    },
    {
      name: "a consequence of a cause the report does not hold is grouped by its check",
      results: [r({ hint: "h", consequenceOf: "gone#1" })],
      rootCauses: [],
      groups: [{ key: "pasv.reply h", results: 1 }],
    },
    {
      name: "errors, then failures, then non-strict, then info, each in report order",
      results: [
        r({ check: "a", verdict: "info" }),
        r({ check: "b", verdict: "non-strict" }),
        r({ check: "c", verdict: "fail" }),
        r({ check: "d", verdict: "error" }),
        r({ check: "e", verdict: "fail" }),
      ],
      rootCauses: [],
      groups: [
        { key: "d ", worst: "error" },
        { key: "c ", worst: "fail" },
        { key: "e ", worst: "fail" },
        { key: "b ", worst: "non-strict" },
        { key: "a ", worst: "info" },
      ],
    },
  ])("$name", ({ results, rootCauses, groups }) => {
    const got = shape(results, rootCauses);
    expect(got).toHaveLength(groups.length);
    groups.forEach((group, i) => expect(got[i]).toMatchObject(group));
  });

  it("should group the sample cascade as a reader fixes it: root causes as diagnoses, the rest by check", () => {
    const report = sampleCascadeReport();
    expect(report.diagnoses.map((d) => [d.id, d.scenarios.join(","), d.explains.join(",")])).toEqual([
      ["vsftpd:service-broke:vsftpd/nat#1", "nat", "nat/ports.exhaustion,nat/transfer.retr[pasv]"],
      ["vsftpd:service-broke:vsftpd/direct#1", "direct", "direct/listener.closed-with-session"],
    ]);
    const groups = groupFindings(report);
    expect(groups.map((g) => [g.key, g.scenarios.join(","), g.results.map((x) => x.check).join(",")])).toEqual([
      ["epsv.all upgrade vsftpd: 3.0.3 accepts EPRT after EPSV ALL", "direct,nat", "epsv.all,epsv.all"],
      ["epsv.net-prt-list ", "nat", "epsv.net-prt-list"],
    ]);
  });

  it("should keep a root cause that no diagnosis explains (nothing failed under it) as a group", () => {
    const budget = sampleRootCause({ id: "vsftpd/nat#2", step: "budget", description: "the pair's time budget" });
    const report = sampleReport([r({ verdict: "skipped", skipKind: "budget", consequenceOf: budget.id })], {
      rootCauses: [budget],
    });
    expect(report.diagnoses).toEqual([]);
    expect(groupFindings(report).map((g) => g.key)).toEqual(["vsftpd/nat#2"]);
  });
});

describe("causeOf", () => {
  it("should find a result's root cause by its id, and nothing for an unknown id", () => {
    expect(causeOf({ rootCauses: [cause] }, r({ consequenceOf: cause.id }))).toBe(cause);
    expect(causeOf({ rootCauses: [cause] }, r({ consequenceOf: "gone#1" }))).toBeUndefined();
    expect(causeOf({ rootCauses: [cause] }, r({}))).toBeUndefined();
  });
});

describe("describeGroup", () => {
  it.each([
    {
      name: "a check: its id, where, its hints",
      results: [r({ hint: "h", observed: "227 (10,0,0,2,117,48)\nmore" }), r({ scenario: "direct", hint: "h" })],
      text: {
        title: "pasv.reply",
        where: "vsftpd in nat, direct",
        fixes: ["h"],
        detail: "Observed: 227 (10,0,0,2,117,48)",
      },
    },
    {
      name: "a check without hint: where to look",
      results: [r({ observed: "x".repeat(300) })],
      text: {
        title: "pasv.reply",
        fixes: ["no fix hint for this server: see the evidence"],
        detail: `Observed: ${"x".repeat(199)}…`,
      },
    },
    {
      name: "a root cause: its description, when first seen, what it broke",
      results: [
        r({ hint: "h", consequenceOf: cause.id }),
        r({ verdict: "skipped", consequenceOf: cause.id }),
        r({ verdict: "skipped", consequenceOf: cause.id }),
      ],
      text: {
        title: cause.description,
        where: "vsftpd in nat",
        fixes: ["h"],
        detail: "First seen after ports.exhaustion. It broke 1 check. 2 checks after it not run.",
      },
    },
  ])("$name", ({ results, text }) => {
    const rootCauses = results.some((x) => x.consequenceOf) ? [cause] : [];
    const [group] = groupFindings({ results, rootCauses });
    expect(group && describeGroup(group)).toMatchObject(text);
  });
});
