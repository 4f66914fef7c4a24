import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../harness/paths.js";
import type { RunReport } from "../harness/report/run-report.js";
import { TIMINGS_FILE_VARIABLE, type RunTimings } from "../harness/run/pair-timings.js";
import { cpuSnapshot, cpuSpent, type CpuSnapshot } from "./cpu-time.js";

/**
 * One run of the CLI as a user runs it (a child process), its report in bench/results/<label>:
 * the wall time, the report, the run's timings (harness/run/pair-timings.ts) and the CPU time
 * spent meanwhile (bench/cpu-time.ts). Exit 1 (a required check failed) is still a full run.
 */
export async function timedRun(
  label: string,
  env: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<{ seconds: number; report: RunReport; timings: RunTimings; cpu: CpuSnapshot }> {
  const dir = join(packageRoot(), "bench", "results", label);
  const timingsFile = join(dir, "timings.json");
  const before = cpuSnapshot();
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "harness/cli/main.ts", "run", "--quiet", "--report-dir", dir, ...args],
      {
        cwd: packageRoot(),
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, [TIMINGS_FILE_VARIABLE]: timingsFile, ...env },
      },
    );
    child.on("close", resolve);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSpent(before, cpuSnapshot());
  if (code !== 0 && code !== 1) throw new Error(`${label} run exited ${code}`);
  return {
    seconds,
    report: JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as RunReport,
    timings: JSON.parse(await readFile(timingsFile, "utf8")) as RunTimings,
    cpu,
  };
}
