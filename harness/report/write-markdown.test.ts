import { describe, expect, it } from "vitest";
import { sampleCascadeReport, sampleReport, sampleResult } from "../testing/sample-report.js";
import { renderMarkdown } from "./write-markdown.js";

const text = renderMarkdown(sampleCascadeReport());
const section = (heading: string) => text.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? "";
const headings = text.match(/^## .*/gm) ?? [];

describe("renderMarkdown", () => {
  it("should count what ran, the skipped by kind read from their field, and what does not apply apart", () => {
    expect(text).toMatch(/, 3 skipped \(3 not run\)\)\.$/m);
    const skips = sampleReport([
      sampleResult({ verdict: "not-applicable", skipKind: "not-applicable", observed: "no FTP helper here" }),
      sampleResult({ check: "ports.in-range", verdict: "skipped", skipKind: "inconclusive", observed: "no port" }),
      sampleResult({ check: "epsv.reply", verdict: "not-applicable", skipKind: "not-applicable" }),
      sampleResult({ check: "epsv.all", verdict: "fail" }),
    ]);
    const markdown = renderMarkdown(skips);
    expect(markdown).toContain("(2 results ran: 1 fail, 1 skipped (1 inconclusive); 2 not applicable by design).");
    // The matrix: a dash where the requirement does not apply, the skip as skipped.
    expect(markdown).toContain("| `pasv.reply` | MUST | - |");
    expect(markdown).toContain("| `ports.in-range` | MUST | skipped |");
    // Neither is a finding; the failure is, its observed text as seen.
    expect(markdown).not.toContain("no FTP helper here");
    expect(markdown).toContain("### vsftpd / nat / `epsv.all`: **FAIL**");
  });

  it("should open with what to fix, before the matrices, the root causes and the findings", () => {
    expect(headings).toEqual([
      "## What to fix",
      "## vsftpd",
      "## Real clients",
      "## What to fix, in detail",
      "## Root causes",
      "## Findings",
    ]);
  });

  it("should list each thing to fix once, one line each: the causes first, then the other failures", () => {
    const items = section("What to fix").match(/^\d+\. .*/gm) ?? [];
    expect(items).toEqual([
      expect.stringMatching(/^1\. \*\*FAIL\*\* vsftpd: PASV: .*\(cause; explains 2 results in nat; \[evidence\]\(#d-/),
      expect.stringMatching(/^2\. \*\*FAIL\*\* vsftpd: .*\(cause; explains 1 result in direct; \[evidence\]\(#d-/),
      "3. **FAIL** vsftpd: `epsv.all` (failure; in direct, nat; [evidence](#fix-1)). " +
        "Fix: upgrade vsftpd: 3.0.3 accepts EPRT after EPSV ALL",
      expect.stringMatching(/^4\. \*\*info\*\* vsftpd: `epsv.net-prt-list` \(failure; in nat; /),
    ]);
    // Every link of the first screen and of the detail lands on an anchor the report holds.
    const links = [...section("What to fix").matchAll(/\]\(#([^)]+)\)/g)];
    expect(links).toHaveLength(4);
    for (const [, anchor] of [...links, ...section("What to fix, in detail").matchAll(/\]\(#([^)]+)\)/g)]) {
      expect(text).toContain(`<a id="${anchor}"></a>`);
    }
    expect(section("What to fix, in detail")).toContain(
      "- Fix: upgrade vsftpd: 3.0.3 accepts EPRT after EPSV ALL\n" +
        "- Evidence: [vsftpd / direct](#r-vsftpd-direct-epsv.all), [vsftpd / nat](#r-vsftpd-nat-epsv.all)",
    );
  });

  it("should name each root cause once, with its transcript and the checks it broke under it", () => {
    const causes = section("Root causes");
    expect(causes.match(/^### .*/gm)).toEqual([
      "### vsftpd / nat: root cause vsftpd/nat#1",
      "### vsftpd / direct: root cause vsftpd/direct#1",
    ]);
    expect(causes).toContain(
      "- Checks it broke:\n" +
        "  - [`ports.exhaustion`](#r-vsftpd-nat-ports.exhaustion): non-strict\n" +
        "  - [`transfer.retr[pasv]`](#r-vsftpd-nat-transfer.retr_pasv_): FAIL\n" +
        "  - `client.curl`: skipped\n",
    );
    expect(causes).toContain("     9ms S 500 OOPS: vsf_sysutil_bind");
    expect(causes).toContain("- The server stopped answering: the checks after it were not run.");
    expect(causes).toContain("(no transcript: the server process was not running)");
  });

  it("should say in a consequence's own finding which root cause it is a consequence of", () => {
    const finding = section("Findings")
      .split("### ")
      .find((f) => f.startsWith("vsftpd / nat / `transfer.retr[pasv]`"));
    expect(finding).toContain(
      "- Consequence of [vsftpd/nat#1](#cause-vsftpd_nat_1): PASV: '500 OOPS: vsf_sysutil_bind' (no port",
    );
    const independent = section("Findings")
      .split("### ")
      .find((f) => f.startsWith("vsftpd / nat / `epsv.all`"));
    expect(independent).not.toContain("onsequence of");
  });

  it("should say there is nothing to fix, and name no root causes, when nothing failed", () => {
    const passing = renderMarkdown(sampleReport([sampleResult({}), sampleResult({ verdict: "xfail" })]));
    expect(passing).toContain("## What to fix\n\nNothing: no result failed, apart from expected failures.\n");
    expect(passing).not.toContain("## Root causes");
  });
});
