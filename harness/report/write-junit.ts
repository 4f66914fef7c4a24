import type { CheckResult } from "../checks/check-result.js";
import type { Diagnosis } from "../diagnosis/diagnosis.js";
import type { RootCause } from "../checks/root-cause.js";
import { formatTranscript } from "../ftp/transcript.js";
import { resultName, type RunReport } from "./run-report.js";
import { causeOf } from "./what-to-fix.js";
import { observedText } from "./verdict-labels.js";
import { knownFailure } from "./baseline-compare.js";

/** The testsuite property that counts the results left out as not applicable (docs/report.md). */
export const NOT_APPLICABLE_PROPERTY = "ftp-conformance.not-applicable";

/**
 * JUnit XML for CI: one testsuite per target x scenario, one testcase per check that ran. `fail`
 * and `error` are failures and errors; `skipped` (should have run, could not) is skipped; expected
 * failures, non-strict and info results pass, with what was found in system-out. A requirement
 * that does not apply here is no test: it has no testcase and is in no count, and each testsuite
 * says how many it left out in a property, so a CI page never reads it as "did not run". A
 * consequence's message starts with its root cause; each root cause is told once, in its
 * testsuite's system-out. A failure the run's baseline accepts passes too (it does not fail the
 * run), its reason first in system-out.
 */
export function renderJunit(report: RunReport): string {
  const groups = new Map<string, CheckResult[]>();
  const notApplicable = new Map<string, number>();
  for (const result of report.results) {
    const key = `${result.target} / ${result.scenario}`;
    if (result.verdict === "not-applicable") {
      notApplicable.set(key, (notApplicable.get(key) ?? 0) + 1);
      if (!groups.has(key)) groups.set(key, []);
      continue;
    }
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const failing = (r: CheckResult) => r.verdict === "fail" && !knownFailure(report, r);
  const count = (results: CheckResult[], verdict: CheckResult["verdict"]) =>
    results.filter((r) => r.verdict === verdict).length;
  const suites = [...groups.entries()].map(([name, results]) => {
    const time = results.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
    const cases = results
      .map((r) =>
        renderCase(
          r,
          causeOf(report, r),
          (report.diagnoses ?? []).find((d) => d.id === r.diagnosis),
          knownFailure(report, r)?.reason,
        ),
      )
      .join("\n");
    const causes = (report.rootCauses ?? []).filter((c) => `${c.target} / ${c.scenario}` === name);
    const out =
      causes.length > 0 ? `\n    <system-out>${xml(causes.map(describeCause).join("\n\n"))}</system-out>` : "";
    const properties =
      `    <properties><property name="${NOT_APPLICABLE_PROPERTY}" value="${notApplicable.get(name) ?? 0}"/></properties>` +
      (cases ? "\n" : "");
    return (
      `  <testsuite name="${xml(name)}" tests="${results.length}" failures="${results.filter(failing).length}" ` +
      `errors="${count(results, "error")}" skipped="${count(results, "skipped")}" time="${time.toFixed(3)}">\n` +
      `${properties}${cases}${out}\n  </testsuite>`
    );
  });
  const s = report.summary;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="ftp-conformance" tests="${s.ran}" failures="${report.results.filter(failing).length}" errors="${s.error}" ` +
    `skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join("\n")}\n</testsuites>\n`
  );
}

/** A root cause as its testsuite's system-out tells it, once. */
function describeCause(cause: RootCause): string {
  return [
    `root cause ${cause.id}: ${cause.description}`,
    `first seen ${cause.firstSeen}${cause.stalled ? "; the checks after it were not run" : ""}`,
    "",
    formatTranscript(cause.transcript),
  ].join("\n");
}

function renderCase(
  result: CheckResult,
  cause: RootCause | undefined,
  diagnosis: Diagnosis | undefined,
  known: string | undefined,
): string {
  const consequence = result.consequenceOf
    ? `consequence of ${result.consequenceOf}${cause ? `: ${cause.description}` : ""}`
    : diagnosis
      ? `consequence of ${diagnosis.id}: ${diagnosis.finding}`
      : undefined;
  const open = `    <testcase classname="${xml(`${result.target}.${result.scenario}`)}" name="${xml(resultName(result))}" time="${(result.durationMs / 1000).toFixed(3)}">`;
  const details = [
    ...(known !== undefined ? [`known failure, accepted by the baseline: ${known}`] : []),
    ...(consequence ? [consequence] : []),
    `${result.level} (${result.source}): ${result.requirement}`,
    `verdict: ${result.verdict}`,
    `expected: ${result.expected}`,
    `observed: ${observedText(result)}`,
    ...(result.hint ? [`fix: ${result.hint}`] : []),
    ...(result.note ? [`note: ${result.note}`] : []),
    "",
    formatTranscript(result.transcript),
  ].join("\n");
  const message = xml(
    `${consequence ? `${consequence} -- ` : ""}${observedText(result)}${result.hint ? ` -- fix: ${result.hint}` : ""}`.slice(
      0,
      1000,
    ),
  );
  let body: string;
  switch (known !== undefined ? "known" : result.verdict) {
    case "fail":
      body = `      <failure message="${message}" type="${result.level}">${xml(details)}</failure>`;
      break;
    case "error":
      body = `      <error message="${message}" type="harness">${xml(details)}</error>`;
      break;
    case "skipped":
      body = `      <skipped message="${message}"/>`;
      break;
    default:
      body = `      <system-out>${xml(details)}</system-out>`;
  }
  return `${open}\n${body}\n    </testcase>`;
}

/** Escapes markup and drops characters XML 1.0 forbids: a hostile server's bytes must not break the file. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the point is to find control characters
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}
