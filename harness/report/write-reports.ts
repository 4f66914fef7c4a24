import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunReport } from "./run-report.js";
import { renderJunit } from "./write-junit.js";
import { renderHtml } from "./write-html.js";
import { renderMarkdown } from "./write-markdown.js";

export const REPORT_FILES = {
  json: "report.json",
  junit: "junit.xml",
  markdown: "report.md",
  html: "report.html",
} as const;

/** Writes report.json, junit.xml, report.md and report.html into `dir`, returning their paths. */
export async function writeReports(dir: string, report: RunReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [REPORT_FILES.json, `${JSON.stringify(report, null, 2)}\n`],
    [REPORT_FILES.junit, renderJunit(report)],
    [REPORT_FILES.markdown, renderMarkdown(report)],
    [REPORT_FILES.html, renderHtml(report)],
  ];
  await Promise.all(files.map(([name, text]) => writeFile(join(dir, name), text)));
  return files.map(([name]) => join(dir, name));
}
