import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import type { RunReport } from "../report/run-report.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { tempDirs } from "../testing/temp-dirs.js";
import { EXIT_CODES, exitCodeFor } from "./exit-codes.js";
import { main } from "./main.js";
import { USAGE } from "./usage.js";

const tempDir = tempDirs();

const newFailure = sampleResult({ scenario: "nat", check: "pasv.format", verdict: "fail" });

const budgetSkip = sampleResult({
  scenario: "direct",
  check: "ports.in-range",
  verdict: "skipped",
  expected: "-",
  observed: "the time budget of 300 s for this target and scenario was used up after 20 checks",
  skipKind: "budget",
});
const failure = sampleResult({ scenario: "nat-alg", check: "epsv.all", verdict: "fail" });

/**
 * `ftp-conformance merge` of one shard's report holding `results` (one pair per scenario): its exit
 * code and summary line. The merge decides its exit as a run does (exitCodeFor(report.outcome)),
 * and needs no engine.
 */
async function mergeOf(results: CheckResult[], over: Partial<RunReport> = {}, flags: string[] = []) {
  const dir = tempDir("ftpc-exit-");
  const times = { startedAt: "2026-12-06T00:00:00.000Z", finishedAt: "2026-12-06T00:05:00.000Z" };
  await writeFile(join(dir, "report.json"), JSON.stringify(sampleReport(results, { ...times, ...over })));
  const out = join(dir, "merged");
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  log.mockClear();
  const code = await main(["merge", dir, "--report-dir", out, ...flags]);
  const lines = log.mock.calls.map((call) => String(call[0]));
  const line = String(lines[0]);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  return { code, line, lines, report, markdown: await readFile(join(out, "report.md"), "utf8") };
}

/** A baseline file listing vsftpd's epsv.all in nat-alg (the `failure` above) and pasv.reply in nat (which passes). */
async function baselineFile(text = KNOWN): Promise<string> {
  const file = join(tempDir("ftpc-baseline-"), "known.yaml");
  await writeFile(file, text);
  return file;
}
const TIMES = { startedAt: "2026-12-06T00:00:00.000Z", finishedAt: "2026-12-06T00:05:00.000Z" };
const KNOWN =
  "failures:\n" +
  "  - { target: vsftpd, scenario: nat-alg, check: epsv.all, verdict: fail, reason: vsftpd 3.0.3 upstream }\n";

describe("the CLI's exit code", { timeout: 20000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it("should be 0 and PASSED when every result is decided and none fails", async () => {
    const { code, line } = await mergeOf([sampleResult()]);
    expect(code).toBe(EXIT_CODES.passed);
    expect(line).toBe("ftp-conformance: PASSED (1 result ran: 1 pass)");
  });

  it("should be 3 and INCOMPLETE, never PASSED, when a pair's budget left checks undecided", async () => {
    const { code, line, report, markdown } = await mergeOf([sampleResult(), budgetSkip]);
    expect(code).toBe(3);
    expect(line).toBe(
      "ftp-conformance: INCOMPLETE (2 results ran: 1 pass, 1 skipped (1 out of budget); 1 left undecided: a pair's " +
        "time budget ran out or a check's limit ran out while the server was still answering)",
    );
    expect(report).toMatchObject({ outcome: "incomplete", passed: false, undecided: 1, skips: { budget: 1 } });
    expect(markdown).toContain("**INCOMPLETE** (2 results ran");
  });

  it("should be 1 under --strict for the same run: incompleteness fails it", async () => {
    const { code, line } = await mergeOf([sampleResult(), budgetSkip], { strict: true });
    expect(code).toBe(EXIT_CODES.failed);
    expect(line).toMatch(/^ftp-conformance: FAILED \(.*; 1 left undecided: .* \(a failure under --strict\)\)$/);
  });

  it("should be 1 when a check failed too: failures win over incompleteness", async () => {
    const { code, line } = await mergeOf([failure, budgetSkip]);
    expect(code).toBe(EXIT_CODES.failed);
    expect(line).toMatch(
      /^ftp-conformance: FAILED \(2 results ran: 1 fail, 1 skipped \(1 out of budget\); 1 left undecided: /,
    );
  });

  it("should give each outcome its own code, and list them all in --help", () => {
    expect([exitCodeFor("passed"), exitCodeFor("failed"), exitCodeFor("incomplete")]).toEqual([0, 1, 3]);
    expect(new Set(Object.values(EXIT_CODES)).size).toBe(Object.keys(EXIT_CODES).length);
    for (const code of Object.values(EXIT_CODES)) expect(USAGE).toMatch(new RegExp(`[\\s:;,]${code} [a-z]`));
    expect(USAGE).toContain("3 incomplete");
  });
});

describe("the CLI's exit code with --baseline", { timeout: 20000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it("should be 0 when every failure is in the baseline, the summary saying so", async () => {
    const { code, line, lines, report } = await mergeOf([sampleResult(), failure], {}, [
      "--baseline",
      await baselineFile(),
    ]);
    expect(code).toBe(EXIT_CODES.passed);
    expect(line).toBe("ftp-conformance: PASSED (2 results ran: 1 pass, 1 fail)");
    expect(lines[1]).toMatch(/^baseline .*known\.yaml: 0 new failures, 1 known, 0 fixed$/);
    expect(report).toMatchObject({ outcome: "passed", passed: true, baseline: { known: [{ check: "epsv.all" }] } });
  });

  it("should be 1 on a failure the baseline does not list, naming it first", async () => {
    const { code, lines, markdown } = await mergeOf([failure, newFailure], {}, ["--baseline", await baselineFile()]);
    expect(code).toBe(EXIT_CODES.failed);
    expect(lines.slice(1, 3)).toEqual([
      expect.stringMatching(/: 1 new failure, 1 known, 0 fixed$/),
      "  new: vsftpd/nat pasv.format: fail",
    ]);
    const section = markdown.slice(markdown.indexOf("## Against the baseline"));
    expect(section.indexOf("New failures:")).toBeGreaterThan(0);
    expect(section.indexOf("New failures:")).toBeLessThan(section.indexOf("Known failures:"));
    expect(markdown.indexOf("## Against the baseline")).toBeLessThan(markdown.indexOf("## What to fix"));
  });

  it("should list an entry that now passes as fixed, and be 1 for it only with --baseline-strict", async () => {
    const passing = sampleResult({ scenario: "nat-alg", check: "epsv.all" });
    const plain = await mergeOf([passing], {}, ["--baseline", await baselineFile()]);
    expect(plain.code).toBe(EXIT_CODES.passed);
    expect(plain.lines[2]).toBe("  fixed: vsftpd/nat-alg epsv.all: fail -> pass (remove it)");
    const strict = await mergeOf([passing], {}, ["--baseline", await baselineFile(), "--baseline-strict"]);
    expect(strict.code).toBe(EXIT_CODES.failed);
    expect(strict.lines[2]).toContain("(--baseline-strict: fails the run; remove it)");
  });

  it("should stay 3 when all failures are known but checks were left undecided, and 1 with --strict", async () => {
    const known = await mergeOf([failure, budgetSkip], {}, ["--baseline", await baselineFile()]);
    expect(known.code).toBe(EXIT_CODES.incomplete);
    const strict = await mergeOf([failure, budgetSkip], { strict: true }, ["--baseline", await baselineFile()]);
    expect(strict.code).toBe(EXIT_CODES.failed);
  });

  it.each([
    [
      "failures:\n  - { target: vsftpd, scenario: nat-alg, check: epsv.al, verdict: fail, reason: r }\n",
      "failures[0].check: 'epsv.al' is not a check",
    ],
    [
      "failures:\n  - { target: nobody, scenario: nat-alg, check: epsv.all, verdict: fail, reason: r }\n",
      "failures[0].target: 'nobody' is neither",
    ],
    ["failures: {\n", "not valid YAML"],
  ])("should be 2 for a bad baseline, in one line naming the field, before writing anything", async (text, message) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const dir = tempDir("ftpc-exit-");
    await writeFile(join(dir, "report.json"), JSON.stringify(sampleReport([failure], TIMES)));
    const file = await baselineFile(text);
    const code = await main(["merge", dir, "--report-dir", join(dir, "merged"), "--baseline", file]);
    expect(code).toBe(EXIT_CODES.usage);
    expect(error.mock.calls).toEqual([[expect.stringContaining(`ftp-conformance: baseline ${file}: ${message}`)]]);
    expect(String(error.mock.calls[0]?.[0])).not.toContain("\n");
    await expect(readFile(join(dir, "merged", "report.json"))).rejects.toThrow();
  });
});

describe("ftp-conformance baseline", { timeout: 20000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it("should write a report's failures as a baseline that makes the same report pass, keeping reviewed reasons", async () => {
    const dir = tempDir("ftpc-baseline-");
    await writeFile(
      join(dir, "report.json"),
      JSON.stringify(sampleReport([sampleResult(), failure, newFailure], TIMES)),
    );
    const out = join(dir, "known.yaml");
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await main(["baseline", dir, "--out", out])).toBe(0);
    const written = await readFile(out, "utf8");
    expect(written.match(/^ {2}- target:/gm)).toHaveLength(2);
    expect(written).toContain('reason: "TODO: why this failure is accepted (observed: seen)"');
    await writeFile(out, written.replace(/reason: .*/, "reason: vsftpd 3.0.3, reviewed"));
    expect(await main(["baseline", join(dir, "report.json"), "--out", out])).toBe(0);
    const rewritten = await readFile(out, "utf8");
    expect(rewritten.match(/reason: .*/g)).toEqual([
      "reason: vsftpd 3.0.3, reviewed",
      expect.stringMatching(/^reason: .?TODO: /),
    ]);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    expect(await main(["merge", dir, "--report-dir", join(dir, "merged"), "--baseline", out])).toBe(EXIT_CODES.passed);
  });
});
