import { describe, expect, it } from "vitest";
import { withCaptures } from "../run/attach-captures.js";
import type { PairCaptures } from "../capture/pair-captures.js";
import { sampleReport, sampleResult } from "../testing/sample-report.js";
import { captureLinks } from "./capture-links.js";
import { renderHtml } from "./write-html.js";
import { renderMarkdown } from "./write-markdown.js";

const captures: PairCaptures = {
  files: [
    { host: "agents", file: "captures/vsftpd--nat--agents.pcap" },
    { host: "gateway-public", file: "captures/vsftpd--nat--gateway-public.pcap", cut: true },
  ],
  tlsKeyLog: "captures/vsftpd--nat--tls-keys.log",
};

const results = withCaptures(
  [
    sampleResult({ check: "pasv.reply" }),
    sampleResult({ check: "epsv.all", verdict: "fail", hint: "upgrade vsftpd", observed: "200 EPRT ok" }),
  ],
  captures,
);

describe("captureLinks", () => {
  it("should link each interface's pcap, say which was cut, then the key log", () => {
    expect(captureLinks(captures)).toEqual([
      { label: "agents", href: "captures/vsftpd--nat--agents.pcap" },
      { label: "gateway-public (cut at its size limit)", href: "captures/vsftpd--nat--gateway-public.pcap" },
      { label: "TLS key log", href: "captures/vsftpd--nat--tls-keys.log" },
    ]);
    expect(captureLinks(undefined)).toEqual([]);
  });
});

describe("withCaptures", () => {
  it("should give the captures to findings only", () => {
    expect(results.map((r) => r.captures)).toEqual([undefined, captures]);
  });
});

describe("the reports' capture links", () => {
  const markdown = renderMarkdown(sampleReport(results));
  const html = renderHtml(sampleReport(results));

  it("should link them from the finding and from what to fix (in detail) in report.md, relative to the report", () => {
    const links =
      "[agents](captures/vsftpd--nat--agents.pcap), " +
      "[gateway-public (cut at its size limit)](captures/vsftpd--nat--gateway-public.pcap), " +
      "[TLS key log](captures/vsftpd--nat--tls-keys.log)";
    expect(markdown).toContain(`- Captures: ${links}`);
    expect(markdown).toContain(`\n- Captures, vsftpd / nat: ${links}`);
  });

  it("should link them from the result and from what to fix in report.html", () => {
    const anchors = html.match(/<a class="capture" href="[^"]+">[^<]+<\/a>/g) ?? [];
    expect(anchors).toEqual([
      '<a class="capture" href="captures/vsftpd--nat--agents.pcap">agents</a>',
      '<a class="capture" href="captures/vsftpd--nat--gateway-public.pcap">gateway-public (cut at its size limit)</a>',
      '<a class="capture" href="captures/vsftpd--nat--tls-keys.log">TLS key log</a>',
    ]);
    expect(html).toContain(
      '<div class="fix-captures">Captures, vsftpd / nat: <a href="captures/vsftpd--nat--agents.pcap">',
    );
  });

  it("should show none for a passing result", () => {
    const passing = renderMarkdown(sampleReport([sampleResult()]));
    expect(passing).not.toContain("Captures");
  });
});
