/**
 * What packet captures cost a run: the default run (the built-in servers in every scenario),
 * warm, with captures off and then on (the default), each as a user runs it (the CLI in a child
 * process). Prints both wall times, the difference per target x scenario pair, and what the
 * captures wrote. The runs go one after the other, alone: two cores make any other load part of
 * the measurement.
 *
 *   npm run bench:captures                    one run each way
 *   npm run bench:captures -- --rounds 2      off, on, off, on: the medians
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../harness/paths.js";
import { timedRun } from "./timed-run.js";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The files a run's captures left, and their bytes. */
async function capturesWritten(label: string): Promise<{ files: number; bytes: number }> {
  const dir = join(packageRoot(), "bench", "results", label, "captures");
  const names = await readdir(dir).catch(() => [] as string[]);
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dir, name))).size));
  return { files: names.length, bytes: sizes.reduce((a, b) => a + b, 0) };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf("--rounds");
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 1;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 5) throw new Error("--rounds takes 1 to 5");
  // Builds or finds the images (the gateway image carries tcpdump) outside the measured runs.
  await timedRun("captures-warm-up", {}, ["--scenario", "direct", "--only", "server.alive"]);
  const off: number[] = [];
  const on: number[] = [];
  let pairs = 0;
  for (let round = 1; round <= rounds; round++) {
    const without = await timedRun(`captures-off-${round}`, {}, ["--captures", "off"]);
    off.push(without.seconds);
    const withCaptures = await timedRun(`captures-on-${round}`);
    on.push(withCaptures.seconds);
    pairs = withCaptures.report.pairs.length;
    console.error(`round ${round}: off ${without.seconds.toFixed(1)} s, on ${withCaptures.seconds.toFixed(1)} s`);
  }
  const written = await capturesWritten(`captures-on-${rounds}`);
  const extra = median(on) - median(off);
  console.log(`warm default run (${pairs} target x scenario pairs), median of ${rounds}:`);
  console.log(`  captures off: ${median(off).toFixed(1)} s`);
  const signed = (value: number, unit: string) => `${value >= 0 ? "+" : ""}${value.toFixed(0)}${unit}`;
  console.log(`  captures on:  ${median(on).toFixed(1)} s (${signed((100 * extra) / median(off), "%")})`);
  console.log(`  per pair:     ${signed((1000 * extra) / Math.max(pairs, 1), " ms")}`);
  console.log(
    `  written:      ${written.files} files, ${(written.bytes / 1e6).toFixed(1)} MB ` +
      `(${(written.bytes / 1e6 / Math.max(pairs, 1)).toFixed(2)} MB per pair)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
