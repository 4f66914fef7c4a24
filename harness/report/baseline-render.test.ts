import { describe, expect, it } from "vitest";
import { baselineSummary } from "../cli/baseline-summary.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { withBaseline } from "./baseline-compare.js";
import { renderHtml } from "./write-html.js";
import { renderJunit } from "./write-junit.js";
import { renderMarkdown } from "./write-markdown.js";

const known = sampleResult({ check: "epsv.all", verdict: "fail", observed: "EPRT accepted" });
const fresh = sampleResult({ check: "pasv.format", verdict: "fail", observed: "227 garbled" });
const report = withBaseline(
  sampleReport([known, fresh, sampleResult({ check: "epsv.reply" })]),
  {
    file: "ci/known.yaml",
    entries: [
      { target: "vsftpd", scenario: "nat", check: "epsv.all", verdict: "fail", reason: "vsftpd 3.0.3 <upstream>" },
      { target: "vsftpd", scenario: "nat", check: "epsv.reply", verdict: "fail", reason: "fixed since" },
    ],
  },
  false,
);

describe("the reports against a baseline", () => {
  it("report.md: the new failures first, then the fixed entries and the known ones, before what to fix", () => {
    const text = renderMarkdown(report);
    const at = (needle: string) => text.indexOf(needle);
    expect(at("## Against the baseline")).toBeGreaterThan(0);
    expect(text).toContain("Baseline `ci/known.yaml`: 1 new failure (not in it: they fail the run), 1 known");
    expect(at("- [vsftpd / nat / `pasv.format`](#r-vsftpd-nat-pasv.format): fail")).toBeGreaterThan(
      at("New failures:"),
    );
    expect(at("Fixed (remove them")).toBeGreaterThan(at("New failures:"));
    expect(text).toContain("- vsftpd / nat / `epsv.reply`: fail in the baseline, pass now");
    expect(text).toContain("- [vsftpd / nat / `epsv.all`](#r-vsftpd-nat-epsv.all): fail: vsftpd 3.0.3 <upstream>");
    expect(at("Known failures:")).toBeLessThan(at("## What to fix"));
  });

  it("report.html: the same section, escaped, after the headline", () => {
    const html = renderHtml(report);
    expect(html).toContain('<h2 id="baseline">Against the baseline</h2>');
    expect(html).toContain(
      '<li><a href="#r-vsftpd-nat-pasv.format">vsftpd / nat / <code>pasv.format</code></a>: fail</li>',
    );
    expect(html).toContain("vsftpd 3.0.3 &lt;upstream&gt;");
    expect(html.indexOf('id="baseline"')).toBeLessThan(html.indexOf("What to fix"));
  });

  it("junit.xml: a known failure passes with its reason, a new one fails", () => {
    const xml = renderJunit(report);
    expect(xml).toMatch(/<testsuites name="ftp-conformance" tests="3" failures="1" /);
    expect(xml).toMatch(
      /name="epsv.all"[^>]*>\n {6}<system-out>known failure, accepted by the baseline: vsftpd 3.0.3 &lt;upstream&gt;\n/,
    );
    expect(xml).toMatch(/name="pasv.format"[^>]*>\n {6}<failure /);
  });

  it("should render nothing of it without a baseline", () => {
    const plain = sampleReport([known]);
    expect(renderMarkdown(plain)).not.toContain("baseline");
    expect(renderHtml(plain)).not.toContain("baseline");
    expect(renderJunit(plain)).toMatch(/failures="1"/);
  });
});

describe("new failures under their diagnosis", () => {
  const diagnosis = {
    id: "vsftpd:private-address",
    rule: "private-address",
    target: "vsftpd",
    finding: "advertises its private address 172.30.0.2",
    fixes: ["set pasv_address"],
    explains: ["nat/address.public", "nat/pasv.connectable"],
    scenarios: ["nat"],
    worst: "fail" as const,
  };
  const explained = ["address.public", "pasv.connectable"].map((check) =>
    sampleResult({ check, verdict: "fail", diagnosis: diagnosis.id }),
  );
  const judged = withBaseline(
    // As the diagnosis rules would leave them (a rule's own evidence is tested in harness/diagnosis).
    { ...sampleReport([...explained, fresh]), results: [...explained, fresh], diagnoses: [diagnosis] },
    { file: "known.yaml", entries: [] },
    false,
  );

  it("should name each new failure once, those a diagnosis explains under it, first", () => {
    expect(judged.baseline?.newFailures.map((f) => [f.check, f.diagnosis])).toEqual([
      ["address.public", diagnosis.id],
      ["pasv.connectable", diagnosis.id],
      ["pasv.format", undefined],
    ]);
    expect(baselineSummary(judged)).toEqual([
      "baseline known.yaml: 3 new failures, 0 known, 0 fixed",
      "  new, under vsftpd: advertises its private address 172.30.0.2:",
      "    vsftpd/nat address.public: fail",
      "    vsftpd/nat pasv.connectable: fail",
      "  new: vsftpd/nat pasv.format: fail",
    ]);
    const markdown = renderMarkdown(judged);
    expect(markdown).toContain(
      "- Under [vsftpd: advertises its private address 172.30.0.2](#d-vsftpd_private-address):\n" +
        "  - [vsftpd / nat / `address.public`](#r-vsftpd-nat-address.public): fail\n" +
        "  - [vsftpd / nat / `pasv.connectable`](#r-vsftpd-nat-pasv.connectable): fail\n" +
        "- [vsftpd / nat / `pasv.format`](#r-vsftpd-nat-pasv.format): fail\n",
    );
    expect(renderHtml(judged)).toContain(
      '<li>Under <a href="#d-vsftpd_private-address">vsftpd: advertises its private address 172.30.0.2</a>:<ul>',
    );
  });
});
