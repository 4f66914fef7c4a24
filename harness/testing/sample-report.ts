import type { CheckResult } from "../checks/check-result.js";
import { runPassed, summarise, type RunReport } from "../report/run-report.js";

/** A result for the report writers' tests: vsftpd's pasv.reply in nat, passing, with overrides. */
export const sampleResult = (over: Partial<CheckResult> = {}): CheckResult => ({
  target: "vsftpd",
  scenario: "nat",
  check: "pasv.reply",
  level: "MUST",
  source: "RFC 959",
  requirement: "227",
  verdict: "pass",
  expected: "227",
  observed: "seen",
  transcript: [],
  durationMs: 1,
  ...over,
});

/** A report around `results`, counted as a run counts them, with overrides. */
export const sampleReport = (results: CheckResult[], over: Partial<RunReport> = {}): RunReport => ({
  tool: { name: "ftp-conformance", version: "0" },
  runId: "r",
  startedAt: "",
  finishedAt: "",
  durationMs: 1000,
  strict: false,
  targets: [...new Set(results.map((r) => r.target))],
  scenarios: [...new Set(results.map((r) => r.scenario))],
  pairs: [...new Set(results.map((r) => `${r.target}/${r.scenario}`))],
  summary: summarise(results),
  passed: runPassed(results),
  results,
  rootCauses: [],
  ...over,
});
