import type { CheckResult } from "../checks/check-result.js";
import type { Verdict } from "../checks/levels.js";
import { formatTranscript } from "../ftp/transcript.js";
import { resultName, type RunReport } from "./run-report.js";

const SYMBOL: Record<Verdict, string> = {
  pass: "pass",
  fail: "**FAIL**",
  "non-strict": "non-strict",
  info: "info",
  skipped: "skipped",
  error: "**ERROR**",
  xfail: "expected fail",
};

/** The readable report: a check x scenario matrix per target, then every finding with its evidence. */
export function renderMarkdown(report: RunReport): string {
  const out: string[] = [];
  const s = report.summary;
  out.push(`# ftp-conformance report`, "");
  out.push(
    `Run ${report.runId}, ${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s${report.strict ? ", strict" : ""}: ` +
      `**${report.passed ? "PASSED" : "FAILED"}** (${s.total} results: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ` +
      `${s.xfail} expected fail, ${s["non-strict"]} non-strict, ${s.info} info, ${s.skipped} skipped).`,
    "",
  );
  for (const target of report.targets) {
    const rows = report.results.filter((r) => r.target === target);
    if (rows.length === 0) continue;
    const scenarios = report.scenarios.filter((sc) => rows.some((r) => r.scenario === sc));
    const names = [...new Set(rows.map(resultName))];
    out.push(
      `## ${target}`,
      "",
      `| check | level | ${scenarios.join(" | ")} |`,
      `|---|---|${scenarios.map(() => "---").join("|")}|`,
    );
    for (const name of names) {
      const cells = scenarios.map((sc) => {
        const r = rows.find((x) => x.scenario === sc && resultName(x) === name);
        return r ? SYMBOL[r.verdict] : "";
      });
      const level = rows.find((r) => resultName(r) === name)?.level ?? "";
      out.push(`| \`${name}\` | ${level} | ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  out.push(...renderClientMatrix(report));
  const findings = report.results.filter((r) => r.verdict !== "pass" && r.verdict !== "skipped");
  if (findings.length > 0) out.push(`## Findings`, "");
  for (const r of findings) out.push(...renderFinding(r));
  return `${out.join("\n")}\n`;
}

/** Which real client got its file in which scenario, and by which passive command. */
function renderClientMatrix(report: RunReport): string[] {
  const rows = report.results.filter((r) => r.check.startsWith("client."));
  if (rows.length === 0) return [];
  const columns = report.targets.flatMap((t) =>
    report.scenarios
      .filter((sc) => rows.some((r) => r.target === t && r.scenario === sc))
      .map((sc) => [t, sc] as const),
  );
  const out = [
    "## Real clients",
    "",
    "Each client downloads one file with its own passive-mode defaults. A client that uses EPSV or ignores " +
      "the 227 address survives a server that advertises the wrong address; one that follows the 227 " +
      '(curl-strict) does not: that is why a server can "work in FileZilla" and still be misconfigured.',
    "",
    `| client | ${columns.map(([t, sc]) => `${t} / ${sc}`).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
  ];
  for (const check of [...new Set(rows.map((r) => r.check))]) {
    const cells = columns.map(([t, sc]) => {
      const r = rows.find((x) => x.check === check && x.target === t && x.scenario === sc);
      const mode = /passive commands: ([A-Z, ]+|none seen)/.exec(r?.observed ?? "")?.[1];
      return r ? `${SYMBOL[r.verdict]}${mode ? ` (${mode})` : ""}` : "";
    });
    out.push(`| ${check.slice("client.".length)} | ${cells.join(" | ")} |`);
  }
  out.push("");
  return out;
}

function renderFinding(r: CheckResult): string[] {
  return [
    `### ${r.target} / ${r.scenario} / \`${resultName(r)}\`: ${SYMBOL[r.verdict]}`,
    "",
    `- Requirement (${r.level}, ${r.source}): ${r.requirement}`,
    `- Expected: ${r.expected}`,
    `- Observed: ${r.observed.replace(/\n/g, " / ")}`,
    ...(r.hint ? [`- Fix: ${r.hint}`] : []),
    ...(r.note ? [`- Note: ${r.note}`] : []),
    "",
    "```",
    formatTranscript(r.transcript).replace(/```/g, "'''"),
    "```",
    "",
  ];
}
