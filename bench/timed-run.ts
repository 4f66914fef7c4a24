import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../harness/paths.js";
import type { RunReport } from "../harness/report/run-report.js";

/**
 * One run of the CLI as a user runs it (a child process), its report in bench/results/<label>:
 * the wall time and the report. Exit 1 (a required check failed) is still a full run.
 */
export async function timedRun(
  label: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<{ seconds: number; report: RunReport }> {
  const dir = join(packageRoot(), "bench", "results", label);
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "harness/cli/main.ts", "run", "--quiet", "--report-dir", dir, ...args],
      { cwd: packageRoot(), stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...env } },
    );
    child.on("close", resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0 && code !== 1) throw new Error(`${label} run exited ${code}`);
  return { seconds, report: JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as RunReport };
}
