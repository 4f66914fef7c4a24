import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../harness/paths.js";
import type { RunReport } from "../harness/report/run-report.js";
import { withTempDir } from "../harness/testing/temp-dirs.js";
import { transpiledPackage } from "../harness/testing/transpiled-package.js";

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  stderr: () => string;
}

/**
 * Runs the real CLI as a user would, capturing its output: through tsx, as `npm run conformance`
 * does, or `compiled`, as plain JavaScript (`npm run build`'s form, made once per process: see
 * transpiledPackage) for tests that start it many times and never reach the engine.
 */
export function runCli(args: string[], env: Record<string, string> = {}, form: "tsx" | "compiled" = "tsx"): CliRun {
  const entry =
    form === "compiled"
      ? [join(transpiledPackage(), "harness/cli/main.js")]
      : ["--import", "tsx", join(packageRoot(), "harness/cli/main.ts")];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: packageRoot(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

/**
 * `ftp-conformance run --quiet` with `args`, its reports written to `dir` (when left out, to a new
 * temporary directory removed once the run ended and its report.json was read): how it exited, and its
 * report.json. A run that wrote no report throws, with its exit and stderr.
 */
export async function runToReport(
  args: string[],
  dir?: string,
): Promise<{ code: number | null; stdout: string; stderr: string; report: RunReport }> {
  if (dir === undefined) return withTempDir("ftpc-run-", (made) => runToReport(args, made));
  const { code, stdout, stderr } = await runCli(["run", "--quiet", "--report-dir", dir, ...args]).done;
  const json = await readFile(join(dir, "report.json"), "utf8").catch(() => {
    throw new Error(`the run exited ${code} without a report: ${stderr}`);
  });
  return { code, stdout, stderr, report: JSON.parse(json) as RunReport };
}

/**
 * The run's ID, once its progress shows `pattern` (e.g. `running \d+ checks`: containers and networks
 * exist by then). Rejects if the run ends first; `next` says what the test meant to do to it
 * ("interrupted", "killed"), for that error.
 */
export function runIdOnceShown(run: CliRun, pattern: RegExp, next: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const id = /run (\d{8}-[0-9a-f]{6}):/.exec(run.stderr())?.[1];
      if (id && pattern.test(run.stderr())) {
        clearInterval(timer);
        resolve(id);
      }
    }, 20);
    run.done.then(() => {
      clearInterval(timer);
      reject(new Error(`run ended before it could be ${next}:\n${run.stderr()}`));
    });
  });
}
