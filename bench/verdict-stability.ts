/**
 * Runs the built-in default run N times (images cached) and counts the results whose verdict
 * differs between runs: a report must be a function of the servers' behaviour, never of chance.
 *
 *   npm run bench:stability               10 runs
 *   npm run bench:stability -- --runs 3   (any CLI arguments after the run count are passed on)
 *
 * Exits 1 when any verdict differs, listing each with the verdicts seen and how often.
 */
import { resultName } from "../harness/report/run-report.js";
import { DEFAULT_STABILITY_RUNS } from "./stability-runs.js";
import { timedRun } from "./timed-run.js";

function parseRuns(argv: readonly string[]): { runs: number; args: string[] } {
  const at = argv.indexOf("--runs");
  if (at < 0) return { runs: DEFAULT_STABILITY_RUNS, args: [...argv] };
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 2) throw new Error("--runs takes a whole number of at least 2");
  return { runs, args: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

async function main(): Promise<void> {
  const { runs, args } = parseRuns(process.argv.slice(2));
  const seen = new Map<string, Map<string, number>>();
  for (let i = 1; i <= runs; i++) {
    const { seconds, report } = await timedRun(`stability-${i}`, {}, args);
    for (const result of report.results) {
      const key = `${result.target}/${result.scenario} ${resultName(result)}`;
      const counts = seen.get(key) ?? new Map<string, number>();
      counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
      seen.set(key, counts);
    }
    const { summary } = report;
    console.log(
      `run ${i}/${runs}: ${seconds.toFixed(1)} s, ${summary.ran} results ran (${summary.pass} pass, ${summary.fail} fail, ` +
        `${summary["non-strict"]} non-strict, ${summary.info} info, ${summary.skipped} skipped, ${summary.xfail} xfail, ${summary.error} error; ${summary["not-applicable"]} not applicable)`,
    );
  }
  const differing = [...seen].filter(([, counts]) => counts.size > 1 || [...counts.values()][0] !== runs);
  console.log(`results whose verdict differs between ${runs} runs: ${differing.length} of ${seen.size}`);
  for (const [key, counts] of differing) {
    console.log(`  ${key}: ${[...counts].map(([verdict, n]) => `${verdict} x${n}`).join(", ")}`);
  }
  if (differing.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
