import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { baselineEntriesOf, baselineKey, parseBaseline, renderBaseline } from "../report/baseline-file.js";
import { readReport } from "../report/merge-reports.js";
import { readBaselineText } from "./load-baseline.js";

/**
 * `ftp-conformance baseline REPORT [--out FILE]`: the report's failures as a baseline, printed or
 * written to FILE. An existing FILE is read first (it must be a valid baseline) and the reasons it
 * gives are kept for the failures it already lists; the others get a placeholder to fill in.
 * Returns what it says on stderr: how many entries, how many reasons kept.
 */
export async function writeBaselineFile(input: string, out: string | undefined): Promise<string> {
  const report = await readReport(input, "baseline");
  const previous = out !== undefined && existsSync(out) ? parseBaseline(readBaselineText(out), out) : undefined;
  const reasons = new Map((previous?.entries ?? []).map((entry) => [baselineKey(entry), entry.reason]));
  const entries = baselineEntriesOf(report.results, reasons);
  const text = renderBaseline(entries);
  const kept = entries.filter((entry) => reasons.has(baselineKey(entry))).length;
  const errors = report.results.filter((r) => r.verdict === "error").length;
  const notes = [
    ...(previous ? [`${kept} reasons kept from it`] : []),
    ...(errors > 0 ? [`${errors} harness errors left out: an error is not a server's deviation`] : []),
  ];
  const summary = `${entries.length} failures${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
  if (out === undefined) {
    process.stdout.write(text);
    return `baseline: ${summary}`;
  }
  await writeFile(out, text);
  return `baseline: wrote ${out}: ${summary}`;
}
