import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SKIP_KINDS, SKIPPED_KINDS } from "../checks/outcome.js";
import { main } from "../cli/main.js";
import { packageRoot } from "../paths.js";
import { sampleEveryVerdictReport, sampleReport, sampleResult } from "../testing/sample-report.js";
import { mergeReports, readReport } from "./merge-reports.js";
import { withBaseline } from "./baseline-compare.js";
import { reportSchemaError, reportSchemaPath } from "./report-schema.js";
import { REPORT_SCHEMA_VERSION, VERDICTS, type RunReport } from "./run-report.js";
import { renderHtml } from "./write-html.js";
import { renderJunit } from "./write-junit.js";
import { renderMarkdown } from "./write-markdown.js";
import { REPORT_FILES, writeReports } from "./write-reports.js";

const schema = async () => JSON.parse(await readFile(reportSchemaPath(), "utf8"));

describe("report.json's schema", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "ftpc-schema-"));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it("should be the version each report says it follows, naming every verdict and kind the code has", async () => {
    const json = await schema();
    expect(reportSchemaPath()).toMatch(new RegExp(`schema/report\\.v${REPORT_SCHEMA_VERSION}\\.schema\\.json$`));
    expect(json.properties.schemaVersion).toEqual({ const: REPORT_SCHEMA_VERSION });
    const result = json.definitions.result.properties;
    expect(result.verdict.enum).toEqual([...VERDICTS]);
    expect(result.skipKind.enum).toEqual([...SKIP_KINDS]);
    expect(Object.keys(json.properties.skips.properties)).toEqual([...SKIPPED_KINDS]);
    expect(json.properties.summary.required).toEqual([...VERDICTS, "total", "ran"]);
  });

  it("should hold report.json as the writer writes it, with every verdict and kind of skip", async () => {
    const report = sampleEveryVerdictReport();
    expect(new Set(report.results.map((r) => r.verdict))).toEqual(new Set(VERDICTS));
    expect(new Set(report.results.map((r) => r.skipKind).filter(Boolean))).toEqual(new Set(SKIP_KINDS));
    expect(report.results.some((r) => r.cause?.endpoint && r.cause.share && r.cause.range)).toBe(true);
    expect(report.diagnoses.length).toBeGreaterThan(0);
    await writeReports(dir, report);
    const written: unknown = JSON.parse(await readFile(join(dir, REPORT_FILES.json), "utf8"));
    expect(reportSchemaError(written)).toBeNull();
  });

  it("should hold the built-in default run as recorded (tests/fixtures/builtin-default-run.json)", async () => {
    const recorded: unknown = JSON.parse(
      await readFile(join(packageRoot(), "tests", "fixtures", "builtin-default-run.json"), "utf8"),
    );
    expect(reportSchemaError(recorded)).toBeNull();
  });

  it("should hold the report every other format is rendered from", () => {
    const report = sampleEveryVerdictReport();
    // junit.xml, report.md and report.html are each a rendering of this one RunReport.
    for (const render of [renderJunit, renderMarkdown, renderHtml]) expect(render(report).length).toBeGreaterThan(0);
    expect(reportSchemaError(report)).toBeNull();
  });

  it("should hold a report judged against a baseline: new, known and fixed failures", () => {
    const every = sampleEveryVerdictReport();
    const failing = every.results.filter((r) => r.verdict === "fail" || r.verdict === "non-strict");
    const [known, ...rest] = failing;
    const entry = (r: (typeof failing)[number], verdict: "fail" | "non-strict") => ({
      target: r.target,
      scenario: r.scenario,
      check: r.check,
      ...(r.variant ? { variant: r.variant } : {}),
      verdict,
      reason: "upstream bug",
    });
    const passing = every.results.find((r) => r.verdict === "pass");
    const baseline = {
      file: "known-failures.yaml",
      entries: [...(known ? [entry(known, "fail")] : []), ...(passing ? [entry(passing, "fail")] : [])],
    };
    const judged = withBaseline(every, baseline, false);
    expect(judged.baseline?.known.length).toBeGreaterThan(0);
    expect(judged.baseline?.fixed.length).toBeGreaterThan(0);
    expect(judged.baseline?.newFailures.length).toBeGreaterThanOrEqual(rest.filter((r) => r.verdict === "fail").length);
    expect(reportSchemaError(judged)).toBeNull();
  });

  it("should hold a merged report, read back from the shards' files", async () => {
    const every = sampleEveryVerdictReport();
    const shards = ["nat", "direct", "nat-unadvertised"].map((scenario, i) =>
      sampleReport(
        every.results.filter((r) => r.scenario === scenario),
        { runId: `s${i}`, shard: `${i + 1}/3`, startedAt: every.startedAt, finishedAt: every.finishedAt },
      ),
    );
    const files = await Promise.all(
      shards.map(async (shard, i) => {
        const file = join(dir, `shard-${i}.json`);
        await writeFile(file, JSON.stringify(shard));
        return file;
      }),
    );
    const merged = mergeReports(await Promise.all(files.map((file) => readReport(file))));
    expect(merged.summary.total).toBe(every.results.length);
    expect(reportSchemaError(merged)).toBeNull();
    await writeReports(join(dir, "merged"), merged);
    expect(reportSchemaError(JSON.parse(await readFile(join(dir, "merged", REPORT_FILES.json), "utf8")))).toBeNull();
  });

  it.each<[string, (report: RunReport) => unknown, string]>([
    ["a report without its schema version", ({ schemaVersion: _, ...rest }) => rest, "schemaVersion: missing"],
    ["another schema version", (r) => ({ ...r, schemaVersion: 2 }), "schemaVersion: must be 1"],
    [
      "a skipped result without its kind",
      (r) => ({ ...r, results: [{ ...sampleResult({ verdict: "skipped" }) }] }),
      "results[0].skipKind: missing",
    ],
    [
      "a not-applicable result of another kind",
      (r) => ({ ...r, results: [sampleResult({ verdict: "not-applicable", skipKind: "budget" })] }),
      'results[0].skipKind: must be "not-applicable"',
    ],
    [
      "a passing result with a kind of skip",
      (r) => ({ ...r, results: [sampleResult({ skipKind: "inconclusive" })] }),
      'results[0].skipKind: allowed only with verdict "skipped" or "not-applicable"',
    ],
    ["an unknown field", (r) => ({ ...r, verdicts: [] }), "verdicts: unknown field"],
  ])("should refuse %s, naming the field", (_, change, error) => {
    expect(reportSchemaError(change(sampleReport([sampleResult()])))).toBe(error);
  });

  it("should have merge refuse a report that does not validate: one line naming the field, exit 2", async () => {
    const older: Partial<RunReport> = sampleReport([sampleResult()]);
    delete older.schemaVersion;
    await writeFile(join(dir, REPORT_FILES.json), JSON.stringify(older));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const code = await main(["merge", dir, "--report-dir", join(dir, "merged")]);
    expect(code).toBe(2);
    const message = String(errors.mock.calls[0]?.[0]).split("\n")[0];
    expect(message).toBe(`ftp-conformance: merge: ${join(dir, REPORT_FILES.json)}: schemaVersion: missing`);
  });
});
