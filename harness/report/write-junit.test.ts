import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import { sampleCascadeReport, sampleReport, sampleResult } from "../testing/sample-report.js";
import type { RunReport } from "./run-report.js";
import { observedText } from "./verdict-labels.js";
import { renderJunit, xml } from "./write-junit.js";

const result = (verdict: CheckResult["verdict"], observed = "seen"): CheckResult =>
  sampleResult({ verdict, observed, transcript: [{ at: 0, dir: "S", text: "500 <&\u0000\u001b>" }], durationMs: 12 });

const report = (results: CheckResult[]): RunReport =>
  sampleReport(results, { targets: ["vsftpd"], scenarios: ["nat"], pairs: [], passed: true });

describe("renderJunit", () => {
  it("should map verdicts to failures, errors and skips", () => {
    const text = renderJunit(
      report([result("fail"), result("error"), result("skipped"), result("xfail"), result("pass")]),
    );
    expect(text).toContain('tests="5" failures="1" errors="1" skipped="1"');
    expect(text).toContain('<failure message="seen" type="MUST">');
    expect(text).toContain("<error ");
    expect(text).toContain("<skipped ");
    expect(text).toContain("verdict: xfail");
  });

  it("should leave a requirement that does not apply out of the tests and their counts, saying how many", () => {
    const notApplicable = sampleResult({
      check: "address.alg-rewrite",
      verdict: "not-applicable",
      skipKind: "not-applicable",
      observed: "no FTP helper in this scenario",
    });
    const inconclusive = sampleResult({
      check: "ports.in-range",
      verdict: "skipped",
      skipKind: "inconclusive",
      observed: "no fresh port accepted the client",
    });
    const text = renderJunit(report([result("pass"), notApplicable, inconclusive]));
    expect(text).toContain('<testsuites name="ftp-conformance" tests="2" failures="0" errors="0" skipped="1"');
    expect(text).toContain('<testsuite name="vsftpd / nat" tests="2" failures="0" errors="0" skipped="1"');
    expect(text).toContain('<property name="ftp-conformance.not-applicable" value="1"/>');
    expect(text).not.toContain("address.alg-rewrite");
    // The skip's kind is labelled from its field, before the reason (verdict-labels.ts).
    expect(text).toContain(`<skipped message="${observedText(inconclusive)}"/>`);
  });

  it("should keep a hostile server's bytes from breaking the XML", () => {
    const text = renderJunit(report([result("fail", 'a"b<c>&\u0007')]));
    // eslint-disable-next-line no-control-regex -- asserts that no control character survives
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(text).toContain("a&quot;b&lt;c&gt;&amp;\uFFFD");
    expect(xml("\u0000")).toBe("\uFFFD");
  });
});

describe("renderJunit with root causes", () => {
  const text = renderJunit(sampleCascadeReport());
  const testcase = (scenario: string, name: string) =>
    new RegExp(
      `<testcase classname="vsftpd\\.${scenario}" name="${name.replace(/[[\]]/g, "\\$&")}"[^>]*>\\n\\s*<(\\w+)[^>]*>`,
    ).exec(text)?.[0] ?? "";

  it("should start a consequence's failure or skip message with its root cause", () => {
    expect(testcase("nat", "transfer.retr[pasv]")).toContain(
      `<failure message="consequence of vsftpd/nat#1: PASV: '500 OOPS: vsf_sysutil_bind' (no port of the passive range is free) -- PASV: '500 OOPS`,
    );
    expect(testcase("direct", "client.curl")).toContain(
      '<skipped message="consequence of vsftpd/direct#1: the server exited (code 139) -- not run: ',
    );
    expect(testcase("nat", "epsv.all")).toContain('<failure message="EPRT not refused');
  });

  it("should tell each root cause once, with its probe transcript, in its own testsuite", () => {
    expect(text.match(/root cause vsftpd\/nat#1: /g)).toHaveLength(1);
    expect(text.match(/root cause vsftpd\/direct#1: /g)).toHaveLength(1);
    const nat = /<testsuite name="vsftpd \/ nat"[\s\S]*?<\/testsuite>/.exec(text)?.[0] ?? "";
    expect(nat).toMatch(
      /<system-out>root cause vsftpd\/nat#1: [^<]*first seen after ports.exhaustion\n\n[^<]*S 500 OOPS/,
    );
    expect(nat).toContain('tests="6" failures="2" errors="0" skipped="1"');
  });
});
