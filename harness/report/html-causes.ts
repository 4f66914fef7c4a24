import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import { formatTranscript } from "../ftp/transcript.js";
import { escapeHtml as escape } from "./html-escape.js";
import { causeAnchor, diagnosisAnchor, fixAnchor, resultAnchor } from "./report-anchors.js";
import { diagnosisDetails, firstScreen, type DiagnosisDetail, type FirstScreenLine } from "./first-screen.js";
import type { PairCaptures } from "../capture/pair-captures.js";
import { resultName, type RunReport } from "./run-report.js";
import { VERDICT_LABEL } from "./verdict-labels.js";
import { causeOf, causeOrigin, describeGroup, groupFindings, noTranscript, type FixGroup } from "./what-to-fix.js";
import { captureLinks } from "./capture-links.js";

/** Styles of the sections below, added to the page's one style element. */
export const CAUSES_STYLE = `
.fix{list-style:none;padding:0;margin:.5rem 0;max-width:72rem}
.fix>li{border:1px solid #d0d7de;border-left:6px solid #cf222e;border-radius:6px;padding:.45rem .8rem;margin:.45rem 0;background:#fff}
.fix>li.w-non-strict{border-left-color:#d4a72c}.fix>li.w-info{border-left-color:#54aeff}
.first-screen>li{padding:.2rem .8rem;margin:.2rem 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.fix-head,.fix-line{font-size:15px}.fix-head .verdict{padding:0 .35rem;border-radius:4px;margin-right:.3rem}
.fix-where{font-weight:600}.fix-detail{color:#57606a}.fix-hint{margin:.15rem 0}
.fix a,.root-cause a{color:#0969da}
.root-cause{border:1px solid #d0d7de;border-radius:6px;padding:.3rem .8rem;margin:.6rem 0}
.root-cause h3{font-size:1rem;margin:.3rem 0}.consequence{background:#fff8c5;padding:.2rem .4rem}`;

const link = (anchor: string, html: string) => `<a href="#${anchor}">${html}</a>`;
const verdictTag = (verdict: CheckResult["verdict"]) =>
  `<span class="verdict v-${verdict}">${VERDICT_LABEL[verdict]}</span>`;

/**
 * The page's first section: the diagnoses, one line each, most severe first, then the failures no
 * diagnosis explains; each links to its detail entry below the matrices.
 */
export function renderWhatToFixHtml(report: RunReport): string[] {
  const lines = firstScreen(report);
  const head = `<h2 id="what-to-fix">What to fix</h2>`;
  if (lines.length === 0) return [head, `<p>Nothing: no result failed, apart from expected failures.</p>`];
  return [head, `<ol class="fix first-screen">`, ...lines.map(renderLine), `</ol>`];
}

function renderLine(line: FirstScreenLine): string {
  const what = line.whatIsCheck ? `<code>${escape(line.what)}</code>` : escape(line.what);
  const label = line.kind === "diagnosis" ? "cause" : "failure";
  // One line each: what does not fit is cut with an ellipsis, whole in the tooltip and the detail entry.
  return (
    `<li class="fix-line w-${line.worst}" data-kind="${line.kind}" title="${escape(`${line.what} -- Fix: ${line.fix}`)}">` +
    `${verdictTag(line.worst)} <span class="fix-where">${escape(line.who.join(", "))}</span>: ${what} ` +
    `<span class="fix-detail">(${label}; ${escape(line.reach)}; ${link(line.anchor, "evidence")})</span> ` +
    `<span class="fix-hint"><b>Fix:</b> ${escape(line.fix)}</span></li>`
  );
}

/** Every diagnosis and every other failing group in full: the contrast, all fixes, the evidence, the captures once per pair. */
export function renderFixDetailsHtml(report: RunReport): string[] {
  const details = diagnosisDetails(report);
  const groups = groupFindings(report);
  if (details.length === 0 && groups.length === 0) return [];
  return [
    `<h2 id="fix-details">What to fix, in detail</h2>`,
    `<ol class="fix">`,
    ...details.map(renderDiagnosis),
    ...groups.map((group, i) => renderGroup(group, fixAnchor(i))),
    `</ol>`,
  ];
}

function renderDiagnosis({ diagnosis, anchor, results, captures }: DiagnosisDetail): string {
  const explains = results.map((r) =>
    link(resultAnchor(r), `${escape(r.scenario)} <code>${escape(resultName(r))}</code>`),
  );
  return [
    `<li class="fix-group w-${diagnosis.worst}" id="${anchor}" data-key="${escape(diagnosis.id)}">`,
    `<div class="fix-head">${verdictTag(diagnosis.worst)}<span class="fix-where">${escape(diagnosis.target)}</span>: `,
    `${escape(diagnosis.finding)}</div>`,
    ...(diagnosis.contrast ? [`<div class="fix-detail"><b>Proof:</b> ${escape(diagnosis.contrast)}</div>`] : []),
    ...diagnosis.fixes.map((fix) => `<div class="fix-hint"><b>Fix:</b> ${escape(fix)}</div>`),
    `<div class="fix-evidence">Explains: ${explains.join(", ")}</div>`,
    ...captureDivs(captures),
    `</li>`,
  ].join("");
}

function renderGroup(group: FixGroup, anchor: string): string {
  const text = describeGroup(group);
  const cause = group.rootCause;
  const what = cause
    ? `root cause ${link(causeAnchor(cause), escape(cause.id))}: ${escape(text.title)}`
    : `<code>${escape(text.title)}</code>`;
  const evidence = group.results.map((r) =>
    cause
      ? `${link(resultAnchor(r), `<code>${escape(resultName(r))}</code>`)} (${VERDICT_LABEL[r.verdict]})`
      : link(resultAnchor(r), `${escape(r.target)} / ${escape(r.scenario)}`),
  );
  return [
    `<li class="fix-group w-${group.worst}" id="${anchor}" data-key="${escape(group.key)}">`,
    `<div class="fix-head">${verdictTag(group.worst)}<span class="fix-where">${escape(text.where)}</span>: ${what}</div>`,
    ...(text.detail ? [`<div class="fix-detail">${escape(text.detail)}</div>`] : []),
    ...text.fixes.map((fix) => `<div class="fix-hint"><b>Fix:</b> ${escape(fix)}</div>`),
    ...(evidence.length > 0 ? [`<div class="fix-evidence">Evidence: ${evidence.join(", ")}</div>`] : []),
    ...captureDivs(text.captures),
    `</li>`,
  ].join("");
}

const captureDivs = (captures: ReadonlyArray<{ pair: string; captures: PairCaptures }>) =>
  captures.map(({ pair, captures: files }) => {
    const links = captureLinks(files).map((l) => `<a href="${escape(encodeURI(l.href))}">${escape(l.label)}</a>`);
    return `<div class="fix-captures">Captures, ${escape(pair)}: ${links.join(", ")}</div>`;
  });

/** Each root cause once, with its probe transcript and the checks it broke grouped under it. */
export function renderRootCausesHtml(report: RunReport): string[] {
  const causes = report.rootCauses ?? [];
  if (causes.length === 0) return [];
  return [
    `<h2 id="root-causes">Root causes</h2>`,
    `<p>Each broke the server for the checks after it; those checks are listed under it, failed or skipped as they are.</p>`,
    ...causes.map((cause) => renderCause(cause, report.results)),
  ];
}

function renderCause(cause: RootCause, results: readonly CheckResult[]): string {
  const broken = results.filter((r) => r.consequenceOf === cause.id);
  const transcript = formatTranscript(cause.transcript) || noTranscript(cause);
  return [
    `<section class="root-cause" id="${causeAnchor(cause)}">`,
    `<h3>${escape(cause.target)} / ${escape(cause.scenario)}: root cause ${escape(cause.id)}</h3>`,
    `<p><b>What broke:</b> ${escape(cause.description)} (${escape(causeOrigin(cause))})<br>`,
    `<b>First seen:</b> ${escape(cause.firstSeen)}</p>`,
    ...(cause.stalled ? [`<p>The server stopped answering: the checks after it were not run.</p>`] : []),
    `<p><b>Checks it broke:</b>${broken.length === 0 ? " none" : ""}</p>`,
    ...(broken.length > 0
      ? [
          `<ul class="consequences">`,
          ...broken.map(
            (r) =>
              `<li>${link(resultAnchor(r), `<code>${escape(resultName(r))}</code>`)}: ${verdictTag(r.verdict)}</li>`,
          ),
          `</ul>`,
        ]
      : []),
    `<pre class="transcript">${escape(transcript)}</pre>`,
    `</section>`,
  ].join("");
}

/** The line a consequence's own evidence opens with, linking to its diagnosis or its root cause. */
export function consequenceHtml(report: RunReport, result: CheckResult): string {
  const diagnosis = result.diagnosis ? (report.diagnoses ?? []).find((d) => d.id === result.diagnosis) : undefined;
  // A root cause's own entry has the probe's transcript: it is named first.
  if (diagnosis && !result.consequenceOf) {
    const name = link(diagnosisAnchor(diagnosis), escape(diagnosis.id));
    return `<p class="consequence"><b>Consequence of</b> ${name}: ${escape(diagnosis.finding)}</p>`;
  }
  if (!result.consequenceOf) return "";
  const cause = causeOf(report, result);
  const name = cause ? link(causeAnchor(cause), escape(cause.id)) : escape(result.consequenceOf);
  return `<p class="consequence"><b>Consequence of</b> ${name}${cause ? `: ${escape(cause.description)}` : ""}</p>`;
}
