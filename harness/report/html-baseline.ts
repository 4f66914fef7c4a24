import { resultKey } from "../checks/check-result.js";
import { baselineCounts } from "./markdown-baseline.js";
import { escapeHtml as escape } from "./html-escape.js";
import { newFailuresByDiagnosis } from "./baseline-compare.js";
import { diagnosisAnchor, resultAnchor } from "./report-anchors.js";
import type { RunReport } from "./run-report.js";

const named = (r: { target: string; scenario: string; check: string; variant?: string }) =>
  `${escape(r.target)} / ${escape(r.scenario)} / <code>${escape(resultKey(r.check, r.variant))}</code>`;

/**
 * report.html's section on a baseline (run/merge --baseline), after the headline: the new failures
 * first, then the fixed entries; the known failures with their reasons folded. Empty without one.
 */
export function renderBaselineHtml(report: RunReport): string[] {
  const comparison = report.baseline;
  if (!comparison) return [];
  const out = [
    `<h2 id="baseline">Against the baseline</h2>`,
    `<p>Baseline <code>${escape(comparison.file)}</code>: ${escape(baselineCounts(comparison))}.</p>`,
  ];
  if (comparison.newFailures.length > 0) {
    const item = (r: (typeof comparison.newFailures)[number]) => {
      const listed = r.listedAs ? ` (the baseline lists it as ${escape(r.listedAs)})` : "";
      return `<li><a href="#${resultAnchor(r)}">${named(r)}</a>: ${escape(r.verdict)}${listed}</li>`;
    };
    out.push(`<p><b>New failures:</b></p><ul class="baseline-new">`);
    for (const { diagnosis, failures } of newFailuresByDiagnosis(report)) {
      if (!diagnosis) out.push(...failures.map(item));
      else
        out.push(
          `<li>Under <a href="#${diagnosisAnchor(diagnosis)}">${escape(diagnosis.target)}: ${escape(diagnosis.finding)}</a>:<ul>`,
          ...failures.map(item),
          "</ul></li>",
        );
    }
    out.push("</ul>");
  }
  if (comparison.fixed.length > 0) {
    out.push(
      `<p><b>Fixed</b> (remove them from the baseline):</p><ul class="baseline-fixed">`,
      ...comparison.fixed.map(
        (e) => `<li>${named(e)}: ${escape(e.verdict)} in the baseline, ${escape(e.now)} now</li>`,
      ),
      "</ul>",
    );
  }
  if (comparison.known.length > 0) {
    out.push(
      `<details class="baseline-known"><summary>Known failures (${comparison.known.length})</summary><ul>`,
      ...comparison.known.map(
        (r) => `<li><a href="#${resultAnchor(r)}">${named(r)}</a>: ${escape(r.verdict)}: ${escape(r.reason)}</li>`,
      ),
      "</ul></details>",
    );
  }
  return out;
}
