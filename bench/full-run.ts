/**
 * Benchmark of a full conformance run of the built-in servers, as a user runs it (the CLI in a
 * child process). Prints the cold wall time (role images rebuilt from the base without Docker's
 * layer cache; the base itself is kept: bootstrapping it adds about a minute once), the warm
 * wall time (images cached), the per-pair cost (warm wall time / target x scenario pairs), the
 * median per-check time of the warm run, and its slowest pair (a floor for the wall time).
 *
 *   npm run bench               cold, then warm
 *   npm run bench -- --warm     warm only (no image is removed)
 */
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { IMAGE_REPOSITORY_PREFIX, NO_BUILD_CACHE_VARIABLE } from "../harness/images/role-images.js";
import { createProgress } from "../harness/progress.js";
import { timedRun } from "./timed-run.js";

// The topology roles and the targets (every target's image is in ftp-conformance/target).
const ROLES = ["gateway", "client", "target"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const warmOnly = process.argv.includes("--warm");
  const docker = await ensureEngine(createProgress({ quiet: false }));
  if (!warmOnly) {
    for (const role of ROLES) {
      for (const image of await docker.listImages({ filters: { reference: [`${IMAGE_REPOSITORY_PREFIX}${role}`] } })) {
        for (const tag of image.RepoTags ?? []) await docker.getImage(tag).remove({ force: true });
      }
    }
    // Without the layer cache: every role image is built from the base again.
    const cold = await timedRun("cold", { [NO_BUILD_CACHE_VARIABLE]: "1" });
    console.log(`cold full run (role images rebuilt on the cached base): ${cold.seconds.toFixed(1)} s`);
  }
  const warm = await timedRun("warm");
  const durations = warm.report.results
    .filter((r) => r.verdict !== "skipped" && r.verdict !== "not-applicable")
    .map((r) => r.durationMs);
  console.log(`warm full run: ${warm.seconds.toFixed(1)} s`);
  // The machine's throughput: what one more target x scenario pair adds to a full run.
  const pairs = warm.report.pairs.length;
  console.log(`per-pair cost: ${(warm.seconds / pairs).toFixed(2)} s (${pairs} pairs, wall time / pairs)`);
  console.log(
    `warm run: ${warm.report.results.length} results over ${warm.report.targets.length} targets x ${warm.report.scenarios.length} scenarios`,
  );
  console.log(`median per-check time (session, login, the check's own steps): ${median(durations)} ms`);
  // A pair's checks run one after another: no run is shorter than its slowest pair.
  const perPair = new Map<string, number>();
  for (const r of warm.report.results) {
    const pair = `${r.target}/${r.scenario}`;
    perPair.set(pair, (perPair.get(pair) ?? 0) + r.durationMs);
  }
  const [slowest, slowestMs] = [...perPair].reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0]);
  console.log(`slowest pair: ${slowest}, ${(slowestMs / 1000).toFixed(1)} s of checks in sequence`);
  for (const target of warm.report.targets) {
    const own = warm.report.results
      .filter((r) => r.target === target && r.verdict !== "skipped" && r.verdict !== "not-applicable")
      .map((r) => r.durationMs);
    console.log(`  ${target}: median ${median(own)} ms over ${own.length} checks`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
