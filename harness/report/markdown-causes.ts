import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import { formatTranscript } from "../ftp/transcript.js";
import { causeAnchor, resultAnchor } from "./report-anchors.js";
import { resultName, type RunReport } from "./run-report.js";
import { VERDICT_LABEL } from "./verdict-labels.js";
import { causeOrigin, describeGroup, groupFindings, noTranscript } from "./what-to-fix.js";
import { captureLinks } from "./capture-links.js";

/** Text as a Markdown cell or list item shows it: one line, no table breaks. */
const inline = (text: string) => text.replace(/\n/g, " / ").replace(/\|/g, "\\|");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
/** A link to a result's finding; skipped results have none in report.md. */
const resultLink = (r: CheckResult, label: string) =>
  r.verdict === "skipped" ? label : `[${label}](#${resultAnchor(r)})`;

/** The section report.md opens with: the failures grouped by what fixes them, each linking to its evidence. */
export function renderWhatToFixMarkdown(report: RunReport): string[] {
  const groups = groupFindings(report);
  const out = ["## What to fix", ""];
  if (groups.length === 0) return [...out, "Nothing: no result failed, apart from expected failures.", ""];
  groups.forEach((group, i) => {
    const text = describeGroup(group);
    const cause = group.rootCause;
    const what = cause ? `root cause [${cause.id}](#${causeAnchor(cause)}): ${inline(text.title)}` : code(text.title);
    out.push(`${i + 1}. **${VERDICT_LABEL[group.worst]}** ${text.where}: ${what}`);
    if (text.detail) out.push(`   - ${text.detail}`);
    for (const fix of text.fixes) out.push(`   - Fix: ${inline(fix)}`);
    const evidence = group.results.map((r) =>
      cause
        ? `${resultLink(r, code(resultName(r)))} (${VERDICT_LABEL[r.verdict]})`
        : resultLink(r, `${r.target} / ${r.scenario}`),
    );
    if (evidence.length > 0) out.push(`   - Evidence: ${evidence.join(", ")}`);
    for (const { pair, captures } of text.captures) {
      const links = captureLinks(captures).map((l) => `[${l.label}](${encodeURI(l.href)})`);
      out.push(`   - Captures, ${pair}: ${links.join(", ")}`);
    }
  });
  return [...out, ""];
}

/** Each root cause once, with its probe transcript and the checks it broke grouped under it. */
export function renderRootCausesMarkdown(report: RunReport): string[] {
  const causes = report.rootCauses ?? [];
  if (causes.length === 0) return [];
  const out = [
    "## Root causes",
    "",
    "Each broke the server for the checks after it; those checks are listed under it, failed or skipped as they are.",
    "",
  ];
  for (const cause of causes) out.push(...renderCause(cause, report.results));
  return out;
}

function renderCause(cause: RootCause, results: readonly CheckResult[]): string[] {
  const broken = results.filter((r) => r.consequenceOf === cause.id);
  return [
    `<a id="${causeAnchor(cause)}"></a>`,
    "",
    `### ${cause.target} / ${cause.scenario}: root cause ${cause.id}`,
    "",
    `- What broke: ${inline(cause.description)} (${causeOrigin(cause)})`,
    `- First seen: ${cause.firstSeen}`,
    ...(cause.stalled ? ["- The server stopped answering: the checks after it were not run."] : []),
    `- Checks it broke:${broken.length === 0 ? " none" : ""}`,
    ...broken.map((r) => `  - ${resultLink(r, code(resultName(r)))}: ${VERDICT_LABEL[r.verdict]}`),
    "",
    "```",
    formatTranscript(cause.transcript).replace(/```/g, "'''") || noTranscript(cause),
    "```",
    "",
  ];
}

/** The line a consequence's own entry carries, linking to its root cause. */
export function consequenceLine(report: RunReport, result: CheckResult): string | undefined {
  if (!result.consequenceOf) return undefined;
  const cause = (report.rootCauses ?? []).find((c) => c.id === result.consequenceOf);
  if (!cause) return `consequence of ${result.consequenceOf}`;
  return `consequence of [${cause.id}](#${causeAnchor(cause)}): ${inline(cause.description)}`;
}
