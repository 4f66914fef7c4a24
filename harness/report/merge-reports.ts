import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { REPORT_FILES } from "./write-reports.js";
import { reportSchemaError } from "./report-schema.js";
import { REPORT_SCHEMA_VERSION, runFindings, type RunReport } from "./run-report.js";

/**
 * Reads a report (a shard's, for merge; any, for baseline): its report directory, or its report.json,
 * refusing one that is not of report.json's schema.
 */
export async function readReport(input: string, command = "merge"): Promise<RunReport> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new UsageError(`${command}: '${input}' does not exist`);
  const file = info.isDirectory() ? join(input, REPORT_FILES.json) : input;
  try {
    const report: unknown = JSON.parse(await readFile(file, "utf8"));
    // Checked against report.json's schema before anything is merged: one line naming the field.
    const problem = reportSchemaError(report);
    if (problem) throw new Error(problem);
    return report as RunReport;
  } catch (error) {
    throw new UsageError(`${command}: ${file}: ${(error as Error).message}`);
  }
}

const scenarioOrder = (name: string) => SCENARIOS.findIndex((s) => s.name === name);

/** One report from the shards' reports. A pair covered twice is an error: the shards overlap. Pure. */
export function mergeReports(reports: readonly RunReport[]): RunReport {
  const first = reports[0];
  if (!first) throw new UsageError("merge: no reports");
  const pairs: string[] = [];
  for (const report of reports) {
    for (const pair of report.pairs) {
      if (pairs.includes(pair)) throw new UsageError(`merge: ${pair} is in two of the reports (overlapping shards)`);
      pairs.push(pair);
    }
  }
  const results = reports.flatMap((r) => r.results);
  const starts = reports.map((r) => Date.parse(r.startedAt));
  const ends = reports.map((r) => Date.parse(r.finishedAt));
  const union = (key: "targets" | "scenarios") => [...new Set(reports.flatMap((r) => r[key]))];
  const strict = reports.some((r) => r.strict);
  return {
    tool: first.tool,
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: reports.map((r) => r.runId).join("+"),
    startedAt: new Date(Math.min(...starts)).toISOString(),
    finishedAt: new Date(Math.max(...ends)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    strict,
    targets: union("targets"),
    // In the catalogue's order, as an unsharded run lists them.
    scenarios: union("scenarios").sort((a, b) => scenarioOrder(a) - scenarioOrder(b)),
    pairs,
    ...runFindings(
      results,
      reports.flatMap((r) => r.rootCauses ?? []),
      strict,
    ),
  };
}
