import { join, relative, sep } from "node:path";
import type { RunReport } from "./run-report.js";

/**
 * A report's capture links made relative to another directory: a shard's report links its
 * captures from its own directory, the merged report from where it is written. Pure.
 */
export function rebaseCaptures(report: RunReport, fromDir: string, toDir: string): RunReport {
  const rebase = (file: string) => relative(toDir, join(fromDir, file)).split(sep).join("/");
  return {
    ...report,
    results: report.results.map((r) =>
      r.captures
        ? {
            ...r,
            captures: {
              files: r.captures.files.map((f) => ({ ...f, file: rebase(f.file) })),
              ...(r.captures.tlsKeyLog ? { tlsKeyLog: rebase(r.captures.tlsKeyLog) } : {}),
            },
          }
        : r,
    ),
  };
}
