import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import { formatTranscript } from "../ftp/transcript.js";
import { causeAnchor, diagnosisAnchor, fixAnchor, resultAnchor } from "./report-anchors.js";
import { diagnosisDetails, firstScreen } from "./first-screen.js";
import type { PairCaptures } from "../capture/pair-captures.js";
import { resultName, type RunReport } from "./run-report.js";
import { VERDICT_LABEL } from "./verdict-labels.js";
import { causeOrigin, describeGroup, groupFindings, noTranscript } from "./what-to-fix.js";
import { captureLinks } from "./capture-links.js";

/** Text as a Markdown cell or list item shows it: one line, no table breaks. */
const inline = (text: string) => text.replace(/\n/g, " / ").replace(/\|/g, "\\|");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
/** A link to a result's finding; skipped results have none in report.md. */
const resultLink = (r: CheckResult, label: string) =>
  r.verdict === "skipped" || r.verdict === "not-applicable" ? label : `[${label}](#${resultAnchor(r)})`;

/**
 * The section report.md opens with: the diagnoses, one line each, most severe first, then the
 * failures no diagnosis explains; each links to its detail entry below the matrices.
 */
export function renderWhatToFixMarkdown(report: RunReport): string[] {
  const lines = firstScreen(report);
  const out = ["## What to fix", ""];
  if (lines.length === 0) return [...out, "Nothing: no result failed, apart from expected failures.", ""];
  lines.forEach((line, i) => {
    const label = line.kind === "diagnosis" ? "cause" : "failure";
    const what = line.whatIsCheck ? code(line.what) : inline(line.what);
    out.push(
      `${i + 1}. **${VERDICT_LABEL[line.worst]}** ${line.who.join(", ")}: ${what} (${label}; ${line.reach}; ` +
        `[evidence](#${line.anchor})). Fix: ${inline(line.fix)}`,
    );
  });
  return [...out, ""];
}

/** Every diagnosis and every other failing group in full: the contrast, all fixes, the evidence, the captures once per pair. */
export function renderFixDetailsMarkdown(report: RunReport): string[] {
  const details = diagnosisDetails(report);
  const groups = groupFindings(report);
  if (details.length === 0 && groups.length === 0) return [];
  const out = ["## What to fix, in detail", ""];
  for (const { diagnosis, anchor, results, captures } of details) {
    out.push(`<a id="${anchor}"></a>`, "", `### ${diagnosis.target}: ${inline(diagnosis.finding)}`, "");
    if (diagnosis.contrast) out.push(`- Proof: ${inline(diagnosis.contrast)}`);
    for (const fix of diagnosis.fixes) out.push(`- Fix: ${inline(fix)}`);
    out.push(`- Explains: ${results.map((r) => resultLink(r, `${r.scenario} ${code(resultName(r))}`)).join(", ")}`);
    out.push(...captureLines(captures), "");
  }
  groups.forEach((group, i) => {
    const text = describeGroup(group);
    const cause = group.rootCause;
    const what = cause ? `root cause [${cause.id}](#${causeAnchor(cause)}): ${inline(text.title)}` : code(text.title);
    out.push(`<a id="${fixAnchor(i)}"></a>`, "", `### ${text.where}: ${what}`, "");
    if (text.detail) out.push(`- ${text.detail}`);
    for (const fix of text.fixes) out.push(`- Fix: ${inline(fix)}`);
    const evidence = group.results.map((r) =>
      cause
        ? `${resultLink(r, code(resultName(r)))} (${VERDICT_LABEL[r.verdict]})`
        : resultLink(r, `${r.target} / ${r.scenario}`),
    );
    if (evidence.length > 0) out.push(`- Evidence: ${evidence.join(", ")}`);
    out.push(...captureLines(text.captures), "");
  });
  return out;
}

const captureLines = (captures: ReadonlyArray<{ pair: string; captures: PairCaptures }>) =>
  captures.map(({ pair, captures: files }) => {
    const links = captureLinks(files).map((l) => `[${l.label}](${encodeURI(l.href)})`);
    return `- Captures, ${pair}: ${links.join(", ")}`;
  });

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

/** The line a consequence's own entry carries, linking to its diagnosis or its root cause. */
export function consequenceLine(report: RunReport, result: CheckResult): string | undefined {
  const diagnosis = result.diagnosis ? (report.diagnoses ?? []).find((d) => d.id === result.diagnosis) : undefined;
  // A root cause's own entry has the probe's transcript: it is named first.
  if (diagnosis && !result.consequenceOf) {
    return `consequence of [${diagnosis.id}](#${diagnosisAnchor(diagnosis)}): ${inline(diagnosis.finding)}`;
  }
  if (!result.consequenceOf) return undefined;
  const cause = (report.rootCauses ?? []).find((c) => c.id === result.consequenceOf);
  if (!cause) return `consequence of ${result.consequenceOf}`;
  return `consequence of [${cause.id}](#${causeAnchor(cause)}): ${inline(cause.description)}`;
}
