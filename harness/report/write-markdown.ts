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
  const findings = report.results.filter((r) => r.verdict !== "pass" && r.verdict !== "skipped");
  if (findings.length > 0) out.push(`## Findings`, "");
  for (const r of findings) out.push(...renderFinding(r));
  return `${out.join("\n")}\n`;
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
