/**
 * Benchmark of a full conformance run of the built-in servers, as a user runs it (the CLI in a
 * child process). Prints the cold wall time (role images rebuilt from the base without Docker's
 * layer cache; the base itself is kept: bootstrapping it adds about 20 s once) and, for the
 * warm run (images cached): its wall and CPU time (the machine's; the harness's process; dockerd,
 * containerd and the containers where /proc and the cgroup files can be read), the per-pair cost
 * (per scenario too), the slowest pair and its check sequence, and the share of the pairs' time
 * spent waiting on the servers vs in the harness and the engine.
 *
 *   npm run bench               cold, then warm
 *   npm run bench -- --warm     warm only (no image is removed)
 *
 * The CPU figures are the whole machine's and the engine's: on a machine running anything else
 * they count that too. The engine's request counts are not printed: put a counting proxy on
 * DOCKER_HOST for those.
 */
import { availableParallelism } from "node:os";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { IMAGE_REPOSITORY_PREFIX, NO_BUILD_CACHE_VARIABLE } from "../harness/images/role-images.js";
import { createProgress } from "../harness/progress.js";
import { checkSequence, pairMs, scenarioCosts, slowestPair, timeShares } from "../harness/run/timing-summary.js";
import type { CpuSnapshot } from "./cpu-time.js";
import { fixedLoopMs } from "./machine-speed.js";
import { timedRun } from "./timed-run.js";

// The topology roles and the targets (every target's image is in ftp-conformance/target).
const ROLES = ["gateway", "client", "target"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const share = (part: number, whole: number) => `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`;
const cpuText = (seconds: number | null) => (seconds === null ? "unreadable" : `${seconds.toFixed(1)} s`);

/** The CPU line: the machine's busy time and, of it, what each reading accounts for. */
function printCpu(cpu: CpuSnapshot, wallSeconds: number): void {
  const cores = availableParallelism();
  const busy =
    cpu.machine === null ? "" : ` (${share(cpu.machine, wallSeconds * cores)} of ${cores} cores over the wall time)`;
  console.log(`CPU time: ${cpuText(cpu.machine)} on the machine${busy}, of which`);
  console.log(`  harness (the CLI process and what it waited for): ${cpuText(cpu.harness)}`);
  console.log(`  dockerd: ${cpuText(cpu.dockerd)}, containerd: ${cpuText(cpu.containerd)}`);
  console.log(
    `  containers (servers, agents, real clients, captures; every container of the engine): ${cpuText(cpu.containers)}`,
  );
  const known = [cpu.harness, cpu.dockerd, cpu.containerd, cpu.containers];
  if (cpu.machine !== null && known.every((v) => v !== null)) {
    const rest = cpu.machine - known.reduce<number>((a, b) => a + (b ?? 0), 0);
    console.log(
      `  the rest (kernel: networks, NAT, packets; container shims and runc; other processes): ${rest.toFixed(1)} s`,
    );
  }
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
  const loopBefore = fixedLoopMs();
  const warm = await timedRun("warm");
  const loopAfter = fixedLoopMs();
  const { report, timings } = warm;
  const pairs = timings.pairs;
  console.log(
    `warm full run: ${warm.seconds.toFixed(1)} s wall (the pairs: ${s(timings.pairsWallMs)}), ` +
      `${report.results.length} results over ${report.targets.length} targets x ${report.scenarios.length} scenarios`,
  );
  printCpu(warm.cpu, warm.seconds);
  console.log(
    `machine speed: a fixed loop took ${loopBefore.toFixed(0)} ms of CPU before the run, ${loopAfter.toFixed(0)} ms after ` +
      `(compare runs only at similar speeds)`,
  );

  // The machine's throughput: what one more target x scenario pair adds to a full run.
  const cpuPerPair =
    warm.cpu.machine === null ? "" : `, ${(warm.cpu.machine / report.pairs.length).toFixed(2)} s of CPU`;
  console.log(
    `per-pair cost: ${(warm.seconds / report.pairs.length).toFixed(2)} s of wall${cpuPerPair} ` +
      `(${report.pairs.length} pairs: the run's wall and CPU time / pairs)`,
  );
  console.log("per scenario, a pair's own wall time (mean over targets): build + checks + captures + teardown");
  for (const c of scenarioCosts(pairs)) {
    console.log(
      `  ${c.scenario.padEnd(18)} ${s(c.totalMs).padStart(7)} = ${s(c.buildMs)} + ${s(c.checksMs)} + ` +
        `${s(c.capturesMs)} + ${s(c.teardownMs)}`,
    );
  }

  // No run is shorter than its slowest pair.
  const slowest = slowestPair(pairs);
  if (slowest) {
    console.log(
      `slowest pair: ${slowest.target}/${slowest.scenario}, ${s(pairMs(slowest))} (build ${s(slowest.buildMs)}, ` +
        `checks ${s(slowest.checksMs)}, captures ${s(slowest.capturesMs)}, teardown ${s(slowest.teardownMs)}); ` +
        `its checks as they ran (start after the first, duration, how it shares the server):`,
    );
    for (const check of checkSequence(slowest)) {
      console.log(
        `  ${s(check.startMs).padStart(7)} ${s(check.durationMs).padStart(7)}  ${check.concurrency.padEnd(6)} ${check.name}`,
      );
    }
  }

  const t = timeShares(pairs);
  console.log(`where the pairs' time went (${s(t.totalMs)} summed over ${pairs.length} pairs):`);
  console.log(
    `  waiting on the servers (an agent request outstanding during the checks): ${share(t.waitingOnTopologyMs, t.totalMs)}`,
  );
  console.log(
    `  the harness between those waits (its own work, engine calls, probes' set-up): ${share(t.harnessDuringChecksMs, t.totalMs)}`,
  );
  console.log(`  building the topologies (the engine, agents starting, the greeting): ${share(t.buildMs, t.totalMs)}`);
  console.log(`  collecting the captures and tearing down (the engine): ${share(t.capturesAndTeardownMs, t.totalMs)}`);

  const durations = report.results
    .filter((r) => r.verdict !== "skipped" && r.verdict !== "not-applicable")
    .map((r) => r.durationMs);
  console.log(`median per-check time (session, login, the check's own steps): ${median(durations)} ms`);
  for (const target of report.targets) {
    const own = report.results
      .filter((r) => r.target === target && r.verdict !== "skipped" && r.verdict !== "not-applicable")
      .map((r) => r.durationMs);
    console.log(`  ${target}: median ${median(own)} ms over ${own.length} checks`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
