import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import type { RunReport } from "../report/run-report.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { EXIT_CODES, exitCodeFor } from "./exit-codes.js";
import { main } from "./main.js";
import { USAGE } from "./usage.js";

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
async function mergeOf(results: CheckResult[], over: Partial<RunReport> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "ftpc-exit-"));
  const times = { startedAt: "2026-12-06T00:00:00.000Z", finishedAt: "2026-12-06T00:05:00.000Z" };
  await writeFile(join(dir, "report.json"), JSON.stringify(sampleReport(results, { ...times, ...over })));
  const out = join(dir, "merged");
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const code = await main(["merge", dir, "--report-dir", out]);
  const line = String(log.mock.calls[0]?.[0]);
  const report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as RunReport;
  return { code, line, report, markdown: await readFile(join(out, "report.md"), "utf8") };
}

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
