import { describe, expect, it } from "vitest";
import { BaselineError } from "../errors.js";
import { sampleResult } from "../testing/sample-report.js";
import { baselineEntriesOf, parseBaseline, renderBaseline, TODO_REASON, type BaselineEntry } from "./baseline-file.js";

const NAMES = {
  targets: ["vsftpd", "proftpd"],
  scenarios: ["direct", "nat"],
  checks: [{ id: "epsv.all" }, { id: "transfer.retr", variants: ["pasv", "epsv"] }],
};
const ENTRY = "  - { target: vsftpd, scenario: direct, check: epsv.all, verdict: fail, reason: upstream bug }\n";
const parse = (text: string) => parseBaseline(text, "ci/known.yaml", NAMES);
const entry = (over: Partial<BaselineEntry> = {}): BaselineEntry => ({
  target: "vsftpd",
  scenario: "direct",
  check: "epsv.all",
  verdict: "fail",
  reason: "upstream bug",
  ...over,
});

describe("parseBaseline", () => {
  it("should read the entries, trimming each reason", () => {
    const baseline = parse(
      `failures:\n${ENTRY}  - { target: proftpd, scenario: nat, check: transfer.retr, variant: epsv, ` +
        `verdict: non-strict, reason: "  SHOULD, accepted  " }\n`,
    );
    expect(baseline).toEqual({
      file: "ci/known.yaml",
      entries: [
        entry(),
        entry({
          target: "proftpd",
          scenario: "nat",
          check: "transfer.retr",
          variant: "epsv",
          verdict: "non-strict",
          reason: "SHOULD, accepted",
        }),
      ],
    });
  });

  it("should read an empty baseline, with the list or without it", () => {
    expect(parse("failures: []\n").entries).toEqual([]);
    expect(parse("failures:\n").entries).toEqual([]);
  });

  /** Parsing `text` throws a BaselineError whose one line says `message` after the file's name. */
  const expectRefused = (text: string, message: string) => {
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BaselineError);
    expect((error as Error).message).toContain(`baseline ci/known.yaml: ${message}`);
    expect((error as Error).message).not.toContain("\n");
  };

  it.each([
    ["failures: [\n", "not valid YAML: "],
    ["", "(top level): "],
    ["failure: []\n", "failure: unknown field (did you mean 'failures'?)"],
    [`failures:\n${ENTRY}${ENTRY}`, "failures[1]: the same result as failures[0] (vsftpd/direct epsv.all)"],
  ])("should refuse %j in one line naming the field", expectRefused);

  it.each([
    ["check:", "chek:", "chek: unknown field (did you mean 'check'?)"],
    [", reason: upstream bug", "", "reason: missing"],
    ["upstream bug", '" "', "reason: empty: say why"],
    ["verdict: fail", "verdict: error", "verdict: fail or non-strict"],
    ["vsftpd", "vsftp", "target: 'vsftp' is neither a built-in server nor a target of this run (vsftpd, proftpd)"],
    ["direct", "moon", "scenario: 'moon' is not a scenario (direct, nat)"],
    ["epsv.all", "epsv.al", "check: 'epsv.al' is not a check (see --list)"],
    ["epsv.all", "epsv.all, variant: pasv", "variant: epsv.all has no variants"],
    ["epsv.all", "transfer.retr", "variant: missing: transfer.retr has the variants pasv, epsv"],
    ["epsv.all", "transfer.retr, variant: eprt", "variant: 'eprt' is not a variant of transfer.retr (pasv, epsv)"],
  ])("should refuse an entry with %j written %j, in one line naming the field", (from, to, message) =>
    expectRefused(`failures:\n${ENTRY.replace(from, to)}`, `failures[0].${message}`),
  );

  it("should check only the file's shape without names (a baseline being rewritten)", () => {
    expect(parseBaseline(`failures:\n${ENTRY.replace("vsftpd", "retired")}`, "old.yaml").entries[0]?.target).toBe(
      "retired",
    );
  });
});

describe("renderBaseline", () => {
  it("should write a header saying how to use it, then the entries sorted, read back as written", () => {
    const entries = [
      entry({ target: "vsftpd", scenario: "nat" }),
      entry({ target: "proftpd", check: "transfer.retr", variant: "pasv", reason: "a: colon # and hash" }),
      entry({ target: "proftpd", check: "transfer.retr", variant: "epsv" }),
      entry(),
    ];
    const text = renderBaseline(entries);
    expect(text).toMatch(/^# ftp-conformance baseline: .*\n(# .*\n)+failures:\n/);
    expect(text).toContain("run --baseline FILE");
    const read = parse(text).entries;
    expect(read.map((e) => `${e.target} ${e.scenario} ${e.check} ${e.variant ?? ""}`)).toEqual([
      "proftpd direct transfer.retr epsv",
      "proftpd direct transfer.retr pasv",
      "vsftpd direct epsv.all ",
      "vsftpd nat epsv.all ",
    ]);
    expect(read[1]?.reason).toBe("a: colon # and hash");
    expect(parse(renderBaseline([])).entries).toEqual([]);
  });
});

describe("baselineEntriesOf", () => {
  const results = [
    sampleResult({ check: "epsv.all", verdict: "fail", observed: "EPRT: '200 EPRT command successful.'" }),
    sampleResult({ check: "ports.exhaustion", level: "SHOULD", verdict: "non-strict" }),
    // --strict turns a SHOULD failure into `fail`: the baseline records it as non-strict all the same.
    sampleResult({ check: "epsv.net-prt-list", level: "SHOULD", verdict: "fail" }),
    sampleResult({ check: "pasv.format", verdict: "error" }),
    sampleResult({ check: "pasv.connectable", verdict: "xfail" }),
    sampleResult({ check: "active.source-port", level: "ADVISORY", verdict: "info" }),
    sampleResult({ check: "pasv.reply", verdict: "pass" }),
    sampleResult({ check: "transfer.retr", variant: "pasv", verdict: "skipped", skipKind: "not-applicable" }),
  ];

  it("should take the fail and non-strict results only, with a placeholder reason naming what was observed", () => {
    const entries = baselineEntriesOf(results);
    expect(entries.map((e) => [e.check, e.verdict])).toEqual([
      ["epsv.all", "fail"],
      ["ports.exhaustion", "non-strict"],
      ["epsv.net-prt-list", "non-strict"],
    ]);
    expect(entries[0]?.reason).toBe(`${TODO_REASON} (observed: EPRT: '200 EPRT command successful.')`);
    const long = baselineEntriesOf([sampleResult({ verdict: "fail", observed: `${"x".repeat(200)}\nmore` })]);
    expect(long[0]?.reason).toBe(`${TODO_REASON} (observed: ${"x".repeat(119)}…)`);
  });

  it("should keep the reasons a baseline being rewritten gives", () => {
    const entries = baselineEntriesOf(results, new Map([["vsftpd/nat epsv.all", "vsftpd 3.0.3, upstream"]]));
    expect(entries[0]?.reason).toBe("vsftpd 3.0.3, upstream");
    expect(entries[1]?.reason).toMatch(/^TODO: /);
  });
});
