/**
 * What a hostile server costs a run, next to the same server behaving. Runs the CLI (a child
 * process, as a user runs it) once per variant of bench/hostile/profile.yaml, each the only target,
 * in every scenario, and prints per variant: wall time, ratio to the healthy run, the verdicts, and
 * whether a hostile variant stayed within 2x of healthy (exit 1 when one did not). Then, for each
 * hostile variant, the checks that took longest and the root causes the run named.
 *
 *   npm run bench:hostile                         every variant
 *   npm run bench:hostile -- no-pasv slow-replies  healthy and these
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { packageRoot } from "../harness/paths.js";
import type { RunReport } from "../harness/report/run-report.js";

const PROFILE = join(packageRoot(), "bench", "hostile", "profile.yaml");
const BASELINE = "healthy";
/** The goal: no hostile server costs more than this multiple of a healthy run. */
const MAX_RATIO = 2;
/** One run's bound (slow-replies takes about 6 min, its pairs stopped by their 300 s budget): longer is a hang. */
const RUN_TIMEOUT_MS = 30 * 60 * 1000;
const SLOWEST_SHOWN = 6;

interface Variant {
  name: string;
  environment?: Record<string, string>;
}

interface Measured {
  variant: string;
  seconds: number;
  report: RunReport;
}

/**
 * A profile file holding only this variant, so that one CLI run is one target. Written in `dir`;
 * the build context is made absolute so the profile still finds it there.
 */
async function singleVariantProfile(profile: Record<string, unknown>, variant: Variant, dir: string): Promise<string> {
  const image = profile.image as { build: string };
  const file = join(dir, `${variant.name}.json`);
  const only = { ...profile, image: { ...image, build: resolve(dirname(PROFILE), image.build) }, variants: [variant] };
  await writeFile(file, JSON.stringify(only, null, 2));
  return file;
}

function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "harness/cli/main.ts", "run", "--quiet", ...args], {
      cwd: packageRoot(),
      stdio: ["ignore", "ignore", "inherit"],
    });
    // SIGINT: the CLI removes its containers and networks before it exits.
    const timer = setTimeout(() => child.kill("SIGINT"), RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveCode(code);
    });
  });
}

async function measure(variant: string, profileFile: string, reportDir: string): Promise<Measured> {
  const started = process.hrtime.bigint();
  const code = await runCli(["--target", profileFile, "--report-dir", reportDir]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // 1: a required check failed, which a hostile server is expected to make happen; still a report.
  if (code !== 0 && code !== 1) throw new Error(`the ${variant} run exited ${code}`);
  const report = JSON.parse(await readFile(join(reportDir, "report.json"), "utf8")) as RunReport;
  return { variant, seconds, report };
}

function verdicts(report: RunReport): string {
  return Object.entries(report.summary)
    .filter(([verdict, n]) => verdict !== "total" && verdict !== "ran" && n > 0)
    .map(([verdict, n]) => `${verdict} ${n}`)
    .join(", ");
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")).join("\n");
}

/** Where a hostile run's time went: its slowest checks and the root causes it named. */
function breakdown(measured: Measured): string {
  const lines = [`${measured.variant}:`];
  const slowest = [...measured.report.results].sort((a, b) => b.durationMs - a.durationMs).slice(0, SLOWEST_SHOWN);
  for (const r of slowest) {
    const check = r.variant ? `${r.check} [${r.variant}]` : r.check;
    lines.push(`  ${(r.durationMs / 1000).toFixed(1).padStart(5)} s  ${r.scenario}  ${check}  ${r.verdict}`);
  }
  for (const cause of measured.report.rootCauses) {
    lines.push(
      `  root cause ${cause.id}${cause.stalled ? " (stalled)" : ""}: ${cause.description}, ${cause.firstSeen}`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const profile = parseYaml(await readFile(PROFILE, "utf8")) as Record<string, unknown>;
  const declared = profile.variants as Variant[];
  const asked = process.argv.slice(2);
  for (const name of asked) {
    if (!declared.some((v) => v.name === name)) {
      console.error(`bench:hostile: no variant '${name}' in ${PROFILE} (${declared.map((v) => v.name).join(", ")})`);
      process.exit(2);
    }
  }
  const chosen = declared.filter((v) => v.name === BASELINE || asked.length === 0 || asked.includes(v.name));
  // Kept afterwards: each variant's report.json says where its time went (durationMs per result).
  const dir = await mkdtemp(join(tmpdir(), "hostile-cost-"));
  const files = new Map<string, string>();
  for (const variant of chosen) files.set(variant.name, await singleVariantProfile(profile, variant, dir));
  // Builds the image (shared by every variant) outside the measured runs.
  const warmUp = await runCli(["--target", files.get(BASELINE)!, "--scenario", "direct", "--only", "server.alive"]);
  if (warmUp !== 0 && warmUp !== 1) throw new Error(`the warm-up run (building the image) exited ${warmUp}`);
  const measured: Measured[] = [];
  for (const variant of chosen) {
    console.error(`running ${variant.name}...`);
    measured.push(await measure(variant.name, files.get(variant.name)!, join(dir, variant.name)));
  }
  const healthy = measured.find((m) => m.variant === BASELINE)!;
  // A baseline that did not run (a topology that did not build, say) makes every ratio meaningless.
  const broken = healthy.report.results.find((r) => r.verdict === "error");
  if (broken || healthy.report.summary.pass === 0) {
    console.error(`bench:hostile: the ${BASELINE} run is no baseline: ${broken?.observed ?? "no check passed"}`);
    process.exit(2);
  }
  const over = measured.filter((m) => m !== healthy && m.seconds > MAX_RATIO * healthy.seconds);
  const rows = [["variant", "wall time", "ratio", `within ${MAX_RATIO}x`, "verdicts"]];
  for (const m of measured) {
    const ratio = m.seconds / healthy.seconds;
    const within = m === healthy ? "-" : ratio <= MAX_RATIO ? "yes" : "NO";
    rows.push([m.variant, `${m.seconds.toFixed(1)} s`, `${ratio.toFixed(2)}x`, within, verdicts(m.report)]);
  }
  console.log(
    `hostile servers, each the only target, in ${healthy.report.scenarios.length} scenarios (${healthy.report.scenarios.join(", ")}):\n`,
  );
  console.log(table(rows));
  console.log("\nwhere the time went (slowest checks, root causes):");
  for (const m of measured.filter((m) => m !== healthy)) console.log(breakdown(m));
  console.log(`\nreports: ${dir}/<variant>/report.json`);
  if (over.length > 0) {
    console.log(`over ${MAX_RATIO}x healthy: ${over.map((m) => m.variant).join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
