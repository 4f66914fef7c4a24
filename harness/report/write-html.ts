import type { CheckResult } from "../checks/check-result.js";
import { formatTranscript } from "../ftp/transcript.js";
import { CLIENT_MATRIX_INTRO, clientMatrix } from "./client-matrix.js";
import {
  CAUSES_STYLE,
  consequenceHtml,
  renderFixDetailsHtml,
  renderRootCausesHtml,
  renderWhatToFixHtml,
} from "./html-causes.js";
import { escapeHtml as escape } from "./html-escape.js";
import { resultAnchor } from "./report-anchors.js";
import { CAPTURES_LINE, captureLinks } from "./capture-links.js";
import { renderBaselineHtml } from "./html-baseline.js";
import { OUTCOME_HEADLINE, resultName, undecidedNote, type RunReport } from "./run-report.js";
import { matrixLabel, observedText, resultCounts, VERDICT_LABEL } from "./verdict-labels.js";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1b1f24}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left}
th{background:#f6f8fa}td a{text-decoration:none;color:inherit;display:block}
.v-pass{background:#dafbe1}.v-fail,.v-error{background:#ffd8d3;font-weight:bold}.v-non-strict{background:#fff1c2}
.v-info{background:#ddf4ff}.v-xfail{background:#eaeef2}.v-skipped{color:#6e7781}.v-not-applicable{color:#8c959f}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
details[open]{background:#f6f8fa}summary{cursor:pointer}pre{white-space:pre-wrap;font-size:12px;background:#fff;padding:.5rem;border:1px solid #d0d7de}
.status-FAILED{color:#cf222e}.status-PASSED{color:#1a7f37}.status-INCOMPLETE{color:#9a6700}`;

// Opens the finding a matrix cell links to, also when the page is opened with its address.
const SCRIPT = `function openTarget(){var id=decodeURIComponent(location.hash.slice(1));var d=id&&document.getElementById(id);
if(d&&d.tagName==="DETAILS"){d.open=true;d.scrollIntoView();}}window.addEventListener("hashchange",openTarget);openTarget();`;

/** Where a reader finds each check's source and meaning; a standalone page cannot link into the package. */
export const CHECK_REFERENCE_LINE =
  "Check reference: docs/checks.md in the ftp-conformance package (a check's ID is its anchor there, e.g. " +
  "docs/checks.md#pasv.reply): its public source, what it sends and what a conformant server does.";

export { resultAnchor };

/**
 * The readable report as one self-contained page: no scripts, styles or fonts from anywhere else.
 * It opens with what to fix, then the matrices, the real clients, the root causes and every result.
 */
export function renderHtml(report: RunReport): string {
  const status = OUTCOME_HEADLINE[report.outcome];
  const note = undecidedNote(report);
  const body: string[] = [
    `<h1>ftp-conformance report: <span class="status-${status}">${status}</span></h1>`,
    `<p>Run ${escape(report.runId)}, ${escape(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s` +
      `${report.strict ? ", strict" : ""}${report.shard ? `, shard ${escape(report.shard)}` : ""}: ` +
      `${escape(resultCounts(report))}${note ? `; ${escape(note)}` : ""}.</p>`,
  ];
  body.push(...renderBaselineHtml(report));
  body.push(...renderWhatToFixHtml(report));
  for (const target of report.targets) body.push(...renderTargetMatrix(report, target));
  body.push(...renderClients(report));
  body.push(...renderFixDetailsHtml(report));
  body.push(...renderRootCausesHtml(report));
  body.push(
    `<h2>Every result</h2>`,
    `<p>Click a matrix cell, or an evidence link under What to fix, to open its evidence.</p>`,
    `<p>${escape(CHECK_REFERENCE_LINE)}</p>`,
    ...(report.results.some((r) => r.captures) ? [`<p>${escape(CAPTURES_LINE)}</p>`] : []),
  );
  for (const r of report.results) body.push(renderResult(r, consequenceHtml(report, r)));
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">` +
    `<title>ftp-conformance ${status}</title><style>${STYLE}${CAUSES_STYLE}</style></head>\n<body>\n${body.join("\n")}\n` +
    `<script>${SCRIPT}</script>\n</body></html>\n`
  );
}

function cell(r: CheckResult | undefined, extra = ""): string {
  if (!r) return "<td></td>";
  const title = escape(`${resultName(r)}: ${observedText(r)}`.slice(0, 300));
  return `<td class="v-${r.verdict}" title="${title}"><a href="#${resultAnchor(r)}">${escape(matrixLabel(r.verdict))}${extra}</a></td>`;
}

function renderTargetMatrix(report: RunReport, target: string): string[] {
  const rows = report.results.filter((r) => r.target === target);
  if (rows.length === 0) return [];
  const scenarios = report.scenarios.filter((sc) => rows.some((r) => r.scenario === sc));
  const out = [
    `<h2 id="matrix-${escape(target)}">${escape(target)}</h2>`,
    `<table class="matrix" data-target="${escape(target)}"><tr><th>check</th><th>level</th>${scenarios
      .map((sc) => `<th>${escape(sc)}</th>`)
      .join("")}</tr>`,
  ];
  for (const name of [...new Set(rows.map(resultName))]) {
    const level = rows.find((r) => resultName(r) === name)?.level ?? "";
    const cells = scenarios.map((sc) => cell(rows.find((r) => r.scenario === sc && resultName(r) === name)));
    out.push(`<tr><td><code>${escape(name)}</code></td><td>${level}</td>${cells.join("")}</tr>`);
  }
  out.push("</table>");
  return out;
}

function renderClients(report: RunReport): string[] {
  const { columns, rows } = clientMatrix(report);
  if (rows.length === 0) return [];
  return [
    `<h2 id="clients">Real clients</h2>`,
    `<p>${escape(CLIENT_MATRIX_INTRO)}</p>`,
    `<table class="clients"><tr><th>client</th>${columns
      .map((c) => `<th>${escape(c.target)} / ${escape(c.scenario)}</th>`)
      .join("")}</tr>`,
    ...rows.map(
      (row) =>
        `<tr><td>${escape(row.client)}</td>${row.cells
          .map((c) => (c ? cell(c.result, c.mode ? ` (${escape(c.mode)})` : "") : "<td></td>"))
          .join("")}</tr>`,
    ),
    "</table>",
  ];
}

function renderResult(r: CheckResult, consequence: string): string {
  const lines = [
    consequence,
    `<p><b>Requirement</b> (${r.level}, ${escape(r.source)}): ${escape(r.requirement)}</p>`,
    `<p><b>Expected:</b> ${escape(r.expected)}<br><b>Observed:</b> ${escape(observedText(r))}</p>`,
    ...(r.hint ? [`<p class="hint"><b>Fix:</b> ${escape(r.hint)}</p>`] : []),
    ...(r.note ? [`<p><b>Note:</b> ${escape(r.note)}</p>`] : []),
    ...capturesParagraph(r),
    r.transcript.length > 0
      ? `<pre class="transcript">${escape(formatTranscript(r.transcript))}</pre>`
      : "<p>(no transcript)</p>",
  ];
  return (
    `<details id="${resultAnchor(r)}" class="result v-${r.verdict}-border"><summary>` +
    `<span class="v-${r.verdict}">${VERDICT_LABEL[r.verdict]}</span> ${escape(r.target)} / ${escape(r.scenario)} / ` +
    `<code>${escape(resultName(r))}</code></summary>${lines.join("")}</details>`
  );
}

/** The result's packet captures and key log, linked relative to the report directory. */
function capturesParagraph(r: CheckResult): string[] {
  const links = captureLinks(r.captures);
  if (links.length === 0) return [];
  const anchors = links.map((l) => `<a class="capture" href="${escape(encodeURI(l.href))}">${escape(l.label)}</a>`);
  return [`<p class="captures"><b>Captures:</b> ${anchors.join(", ")}</p>`];
}
