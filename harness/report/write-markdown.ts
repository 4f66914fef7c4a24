import type { CheckResult } from "../checks/check-result.js";
import type { Verdict } from "../levels.js";
import { formatTranscript } from "../ftp/transcript.js";
import { matrixLabel, observedText, resultCounts, VERDICT_LABEL } from "./verdict-labels.js";
import { CLIENT_MATRIX_INTRO, clientMatrix } from "./client-matrix.js";
import { OUTCOME_HEADLINE, resultName, undecidedNote, type RunReport } from "./run-report.js";
import {
  consequenceLine,
  renderFixDetailsMarkdown,
  renderRootCausesMarkdown,
  renderWhatToFixMarkdown,
} from "./markdown-causes.js";
import { resultAnchor } from "./report-anchors.js";
import { CAPTURES_LINE, captureLinks } from "./capture-links.js";
import { renderBaselineMarkdown } from "./markdown-baseline.js";

/** The verdict as the matrix shows it: failures in bold, a requirement that does not apply a dash. */
const SYMBOL = Object.fromEntries(
  Object.keys(VERDICT_LABEL).map((verdict) => {
    const label = matrixLabel(verdict as Verdict);
    return [verdict, verdict === "fail" || verdict === "error" ? `**${label}**` : label];
  }),
) as Record<Verdict, string>;

/**
 * The readable report: what to fix, a check x scenario matrix per target, the real clients, the
 * root causes with the checks they broke, then every finding with its evidence.
 */
export function renderMarkdown(report: RunReport): string {
  const out: string[] = [];
  out.push(`# ftp-conformance report`, "");
  out.push(
    `Run ${report.runId}, ${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s${report.strict ? ", strict" : ""}: ` +
      `**${OUTCOME_HEADLINE[report.outcome]}** (${resultCounts(report)}` +
      `${undecidedNote(report) ? `; ${undecidedNote(report)}` : ""}).`,
    "",
  );
  out.push(...renderBaselineMarkdown(report));
  out.push(...renderWhatToFixMarkdown(report));
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
  out.push(...renderFixDetailsMarkdown(report));
  out.push(...renderRootCausesMarkdown(report));
  const findings = report.results.filter(
    (r) => r.verdict !== "pass" && r.verdict !== "skipped" && r.verdict !== "not-applicable",
  );
  if (findings.length > 0) out.push(`## Findings`, "");
  if (findings.some((r) => r.captures)) out.push(CAPTURES_LINE, "");
  for (const r of findings) out.push(...renderFinding(r, consequenceLine(report, r)));
  return `${out.join("\n")}\n`;
}

/** Which real client got its file in which scenario, and by which passive command. */
function renderClientMatrix(report: RunReport): string[] {
  const { columns, rows } = clientMatrix(report);
  if (rows.length === 0) return [];
  const out = [
    "## Real clients",
    "",
    CLIENT_MATRIX_INTRO,
    "",
    `| client | ${columns.map((c) => `${c.target} / ${c.scenario}`).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
  ];
  for (const row of rows) {
    const cells = row.cells.map((cell) =>
      cell ? `${SYMBOL[cell.result.verdict]}${cell.mode ? ` (${cell.mode})` : ""}` : "",
    );
    out.push(`| ${row.client} | ${cells.join(" | ")} |`);
  }
  out.push("");
  return out;
}

function renderFinding(r: CheckResult, consequence: string | undefined): string[] {
  return [
    `<a id="${resultAnchor(r)}"></a>`,
    "",
    `### ${r.target} / ${r.scenario} / \`${resultName(r)}\`: ${SYMBOL[r.verdict]}`,
    "",
    ...(consequence ? [`- ${consequence[0]?.toUpperCase()}${consequence.slice(1)}`] : []),
    `- Requirement (${r.level}, ${r.source}): ${r.requirement}`,
    `- Expected: ${r.expected}`,
    `- Observed: ${observedText(r).replace(/\n/g, " / ")}`,
    ...(r.hint ? [`- Fix: ${r.hint}`] : []),
    ...(r.note ? [`- Note: ${r.note}`] : []),
    ...capturesLine(r),
    "",
    "```",
    formatTranscript(r.transcript).replace(/```/g, "'''"),
    "```",
    "",
  ];
}

/** The finding's packet captures and key log, linked relative to the report directory. */
function capturesLine(r: CheckResult): string[] {
  const links = captureLinks(r.captures);
  if (links.length === 0) return [];
  return [`- Captures: ${links.map((l) => `[${l.label}](${encodeURI(l.href)})`).join(", ")}`];
}
