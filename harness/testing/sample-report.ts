import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import { REPORT_SCHEMA_VERSION, runFindings, type RunReport } from "../report/run-report.js";

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
  schemaVersion: REPORT_SCHEMA_VERSION,
  runId: "r",
  startedAt: "",
  finishedAt: "",
  durationMs: 1000,
  strict: false,
  targets: [...new Set(results.map((r) => r.target))],
  scenarios: [...new Set(results.map((r) => r.scenario))],
  pairs: [...new Set(results.map((r) => `${r.target}/${r.scenario}`))],
  ...runFindings(results, over.rootCauses ?? [], over.strict ?? false),
  ...over,
});

/** A root cause for the report writers' tests: vsftpd's passive range used up in nat, with overrides. */
export const sampleRootCause = (over: Partial<RootCause> = {}): RootCause => ({
  id: "vsftpd/nat#1",
  target: "vsftpd",
  scenario: "nat",
  step: "PASV",
  description: "PASV: '500 OOPS: vsf_sysutil_bind' (no port of the passive range is free)",
  firstSeen: "after ports.exhaustion",
  stalled: false,
  transcript: [
    { at: 0, dir: "S", text: "220 (vsFTPd 3.0.3)" },
    { at: 2, dir: "C", text: "USER ftpuser" },
    { at: 3, dir: "S", text: "331 Please specify the password." },
    { at: 4, dir: "C", text: "PASS ****" },
    { at: 6, dir: "S", text: "230 Login successful." },
    { at: 7, dir: "C", text: "PASV" },
    { at: 9, dir: "S", text: "500 OOPS: vsf_sysutil_bind" },
  ],
  ...over,
});

const RANGE_HINT =
  "vsftpd ends the session with '500 OOPS' when no port in the range is free: widen pasv_min_port..pasv_max_port, " +
  "or cap sessions below the range size with max_clients / max_per_ip";
const EPSV_ALL_HINT = "upgrade vsftpd: 3.0.3 accepts EPRT after EPSV ALL";

/**
 * A run with cascades: vsftpd's range used up in nat (a failure and a skipped check under it), its
 * server gone in direct (the checks after it skipped), one check failing alike in two scenarios,
 * an ADVISORY finding, an expected failure and passes.
 */
export function sampleCascadeReport(): RunReport {
  const exited = sampleRootCause({
    id: "vsftpd/direct#1",
    scenario: "direct",
    step: "server",
    description: "the server exited (code 139)",
    firstSeen: "after listener.closed-with-session",
    stalled: true,
    transcript: [],
  });
  const results = [
    sampleResult({ scenario: "direct" }),
    sampleResult({}),
    sampleResult({
      scenario: "nat-unadvertised",
      verdict: "xfail",
      note: "expected in nat-unadvertised: the 227 names the server's private address (evidence: 172.30.0.2)",
    }),
    ...["direct", "nat"].map((scenario) =>
      sampleResult({
        scenario,
        check: "epsv.all",
        requirement: "after EPSV ALL, PASV, PORT and EPRT are refused",
        verdict: "fail",
        expected: "PASV, PORT and EPRT refused after EPSV ALL",
        observed: "EPRT not refused after EPSV ALL: EPRT: '200 EPRT command successful.'",
        hint: EPSV_ALL_HINT,
        transcript: [
          { at: 3, dir: "C", text: "EPSV ALL" },
          { at: 4, dir: "S", text: "200 EPSV ALL ok." },
          { at: 5, dir: "C", text: "EPRT |1|172.30.0.2|40000|" },
          { at: 6, dir: "S", text: "200 EPRT command successful." },
        ],
      }),
    ),
    sampleResult({
      check: "epsv.net-prt-list",
      level: "ADVISORY",
      verdict: "info",
      observed: "522 lists no protocols: '522 Bad network protocol.'",
    }),
    sampleResult({
      check: "ports.exhaustion",
      level: "SHOULD",
      verdict: "non-strict",
      observed: "with 10 sessions holding the range, PASV got '500 OOPS: vsf_sysutil_bind'",
      hint: RANGE_HINT,
      consequenceOf: "vsftpd/nat#1",
    }),
    sampleResult({
      check: "transfer.retr",
      variant: "pasv",
      verdict: "fail",
      observed: "PASV: '500 OOPS: vsf_sysutil_bind'",
      hint: RANGE_HINT,
      consequenceOf: "vsftpd/nat#1",
    }),
    sampleResult({
      check: "client.curl",
      verdict: "skipped",
      skipKind: "not-run",
      observed: "the passive range was used up",
      consequenceOf: "vsftpd/nat#1",
    }),
    sampleResult({
      scenario: "direct",
      check: "listener.closed-with-session",
      verdict: "fail",
      observed: "the server exited (code 139) when the session ended",
      consequenceOf: exited.id,
    }),
    ...["transfer.retr", "client.curl"].map((check) =>
      sampleResult({
        scenario: "direct",
        check,
        verdict: "skipped",
        expected: "-",
        skipKind: "not-run",
        observed: `${exited.description} (first seen ${exited.firstSeen})`,
        consequenceOf: exited.id,
      }),
    ),
  ];
  return sampleReport(results, {
    runId: "cascade",
    startedAt: "2026-11-21T00:00:00.000Z",
    finishedAt: "2026-11-21T00:01:00.000Z",
    durationMs: 60000,
    scenarios: ["direct", "nat", "nat-unadvertised"],
    rootCauses: [sampleRootCause(), exited],
  });
}

/**
 * A run with every verdict and every kind of skip, each optional field of a result used once
 * (variant, hint, note, data commands, a consequence, a cause, captures), both kinds of root cause
 * and the diagnoses they make: what
 * a test of report.json's schema writes and reads back.
 */
export function sampleEveryVerdictReport(): RunReport {
  const cascade = sampleCascadeReport();
  const budget = sampleRootCause({
    id: "vsftpd/nat#2",
    step: "budget",
    description: "the time budget of 300 s for this target and scenario was used up",
    firstSeen: "after transfer.retr[pasv]",
  });
  const skipped = (["unsupported", "inconclusive", "out-of-time", "budget", "not-run"] as const).map((skipKind) =>
    sampleResult({
      check: `sample.${skipKind}`,
      verdict: "skipped",
      expected: "-",
      skipKind,
      observed: `why it was ${skipKind}`,
      ...(skipKind === "budget" ? { consequenceOf: budget.id } : {}),
    }),
  );
  const results = [
    ...cascade.results,
    sampleResult({
      check: "address.alg-rewrite",
      verdict: "not-applicable",
      expected: "-",
      skipKind: "not-applicable",
      observed: "no FTP helper in this scenario",
    }),
    sampleResult({ check: "ipv6.pasv", verdict: "error", observed: "harness error: the agent went away" }),
    sampleResult({
      scenario: "nat-unadvertised",
      check: "ports.in-range",
      verdict: "fail",
      observed: "50 of 50 ports outside 50000-50009",
      cause: {
        kind: "ports-outside-declared-range",
        detail: "port 31000 is outside the declared 50000-50009",
        endpoint: { host: "203.0.113.10", port: 31000 },
        share: { seen: 50, of: 50 },
        range: { min: 50000, max: 50009 },
      },
    }),
    sampleResult({
      check: "client.lftp",
      verdict: "pass",
      dataCommands: ["EPSV", "PASV"],
      captures: {
        files: [{ host: "agents", file: "captures/vsftpd--nat--agents.pcap", cut: true }],
        tlsKeyLog: "captures/vsftpd--nat--tls-keys.log",
      },
    }),
    ...skipped,
  ];
  return sampleReport(results, {
    runId: "every-verdict",
    startedAt: "2026-12-06T00:00:00.000Z",
    finishedAt: "2026-12-06T00:01:00.000Z",
    durationMs: 60000,
    shard: "1/2",
    scenarios: cascade.scenarios,
    rootCauses: [...cascade.rootCauses, budget],
  });
}
