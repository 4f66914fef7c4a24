#!/usr/bin/env node
import type Dockerode from "dockerode";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ensureEngine } from "../engine/ensure-engine.js";
import { BaselineError, EnvironmentError, ProfileError, UsageError } from "../errors.js";
import { packageVersion } from "../paths.js";
import { createProgress } from "../progress.js";
import { removeResources } from "../resources/cleanup.js";
import { markInterrupted } from "../resources/interruption.js";
import { newRunIdentity } from "../resources/labels.js";
import { writeReports } from "../report/write-reports.js";
import { TIMINGS_FILE_VARIABLE } from "../run/pair-timings.js";
import { runConformance, runMatrix } from "../run/run-conformance.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { parseSubnetRanges, SUBNETS_VARIABLE } from "../topology/subnet-ranges.js";
import { CATALOGUE } from "../../suites/catalogue.js";
import { parseArgs, type Command } from "./parse-args.js";
import { mergeReports, readReport } from "../report/merge-reports.js";
import { rebaseCaptures } from "../report/rebase-captures.js";
import { resolveTargets } from "./resolve-targets.js";
import { selectByName, selectChecks } from "./select.js";
import { usageFor } from "./usage.js";
import { EXIT_CODES, exitCodeFor } from "./exit-codes.js";
import { summaryLine } from "./summary-line.js";
import type { RunReport } from "../report/run-report.js";
import { baselineSummary } from "./baseline-summary.js";
import { writeBaselineFile } from "./baseline-command.js";
import { baselineJudge } from "./load-baseline.js";

// Ryuk (testcontainers' reaper) cannot be pulled where no registry answers; the harness labels
// everything it creates and removes it itself.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

// Ctrl-C in a pipeline (`| tee`, a CI log) also ends the reader: a write to the closed pipe must
// not kill the run before it has cleaned up.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

/** Runs the CLI and returns its exit code (EXIT_CODES: passed, failed, bad usage or environment, incomplete). */
export async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    return reportError(error);
  }
  try {
    switch (command.kind) {
      case "help":
        console.log(usageFor(command.command));
        return 0;
      case "version":
        console.log(packageVersion());
        return 0;
      case "list":
        for (const check of CATALOGUE) console.log(`${check.id.padEnd(26)} ${check.level.padEnd(8)} ${check.source}`);
        return 0;
      case "cleanup": {
        const progress = createProgress({ quiet: command.quiet });
        const docker = await ensureEngine(progress);
        const count = await removeResources(docker, { all: true });
        console.log(`removed ${count.containers} containers and ${count.networks} networks`);
        return 0;
      }
      case "run":
        return await run(command);
      case "merge": {
        const out = resolve(command.reportDir);
        // Each shard's capture links, relative to its own directory, are made relative to the merged report's.
        const shards = await Promise.all(
          command.inputs.map(async (input) => rebaseCaptures(await readReport(input), await reportDirOf(input), out)),
        );
        const whole = mergeReports(shards);
        // A shard's own baseline comparison is not carried over: merge judges the whole against its --baseline.
        const merged = baselineJudge(
          command.baseline,
          whole.targets.map((name) => ({ name })),
        )(whole);
        const files = await writeReports(out, merged);
        printSummary(merged, files);
        return exitCodeFor(merged.outcome);
      }
      case "baseline":
        console.error(await writeBaselineFile(command.input, command.out));
        return 0;
    }
  } catch (error) {
    return reportError(error);
  }
}

async function run(command: Extract<Command, { kind: "run" }>): Promise<number> {
  // Everything the command line names is checked before anything starts.
  const targets = resolveTargets(
    command.targets,
    CATALOGUE,
    SCENARIOS.map((s) => s.name),
  );
  const scenarios =
    command.scenarios.length === 0
      ? SCENARIOS.filter((s) => s.byNameOnly === null)
      : selectByName(SCENARIOS, command.scenarios, "--scenario");
  const checks = selectChecks(CATALOGUE, command.only, command.skip);
  const fromEnvironment = process.env[SUBNETS_VARIABLE];
  const pools = command.subnets ?? (fromEnvironment ? parseSubnetRanges(fromEnvironment, SUBNETS_VARIABLE) : undefined);
  const judge = baselineJudge(command.baseline, targets);
  const pairs = runMatrix(targets, scenarios, command.shard);
  if (pairs.length === 0) {
    throw new UsageError(
      command.shard
        ? `--shard ${command.shard.index}/${command.shard.count} leaves no target x scenario pair to run`
        : "the targets' profiles take part in none of the chosen scenarios",
    );
  }
  const progress = createProgress({ quiet: command.quiet });
  const docker = await ensureEngine(progress);
  const identity = newRunIdentity();
  const stopHandlers = onInterrupt(async () => {
    markInterrupted();
    progress.warn(`interrupted: removing the containers and networks of run ${identity.runId}`);
    await sweepUntilEmpty(docker, identity.runId);
  });
  try {
    const share = command.shard ? ` (shard ${command.shard.index}/${command.shard.count})` : "";
    progress.step(
      `run ${identity.runId}: ${pairs.length} target x scenario pairs${share}, ${checks.length} checks each`,
    );
    const ran = await runConformance(
      docker,
      {
        targets,
        scenarios,
        checks,
        strict: command.strict,
        concurrency: command.concurrency,
        ...(pools ? { pools } : {}),
        ...(command.shard ? { shard: command.shard } : {}),
        ...(command.captures ? { captures: { reportDir: resolve(command.reportDir), ...command.captures } } : {}),
        ...(process.env[TIMINGS_FILE_VARIABLE] ? { timingsFile: resolve(process.env[TIMINGS_FILE_VARIABLE]) } : {}),
      },
      identity,
      progress,
    );
    const report = judge(ran);
    const files = await writeReports(resolve(command.reportDir), report);
    printSummary(report, files);
    return exitCodeFor(report.outcome);
  } finally {
    stopHandlers();
  }
}

/** A shard's report directory: the input itself, or the directory of its report.json. */
async function reportDirOf(input: string): Promise<string> {
  const info = await stat(input).catch(() => undefined);
  return resolve(info?.isDirectory() ? input : dirname(input));
}

function printSummary(report: RunReport, files: string[]): void {
  console.log(summaryLine(report));
  for (const line of baselineSummary(report)) console.log(line);
  console.log(`reports: ${files.join(", ")}`);
}

/**
 * Removes the run's containers and networks until a pass finds none. Creation stopped when the
 * interruption was marked; the passes catch what was under way then.
 */
async function sweepUntilEmpty(docker: Dockerode, runId: string): Promise<void> {
  for (let pass = 0; pass < 20; pass++) {
    const removed = await removeResources(docker, { runId }).catch(() => ({ containers: 1, networks: 1 }));
    if (removed.containers + removed.networks === 0 && pass > 0) return;
    await new Promise((r) => setTimeout(r, 750));
  }
}

/** On Ctrl-C or SIGTERM: clean up (bounded), then exit 130 (interrupted). Returns a function removing the handlers. */
function onInterrupt(cleanup: () => Promise<void>): () => void {
  let cleaning = false;
  const handler = () => {
    if (cleaning) return;
    cleaning = true;
    const timer = setTimeout(() => process.exit(EXIT_CODES.interrupted), 30000);
    void cleanup().finally(() => {
      clearTimeout(timer);
      process.exit(EXIT_CODES.interrupted);
    });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

function reportError(error: unknown): number {
  if (error instanceof ProfileError || error instanceof BaselineError) {
    console.error(`ftp-conformance: ${error.message}`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError) {
    console.error(`ftp-conformance: ${error.message}\nRun 'ftp-conformance --help' for usage.`);
    return EXIT_CODES.usage;
  }
  if (error instanceof EnvironmentError) {
    console.error(`ftp-conformance: ${error.message}`);
    return EXIT_CODES.usage;
  }
  console.error(`ftp-conformance: internal error: ${(error as Error).stack ?? String(error)}`);
  return EXIT_CODES.usage;
}

/** This file runs as a program (tsx, node, or the package's bin: a link npm makes to dist/), not imported. */
function isProgram(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isProgram()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
