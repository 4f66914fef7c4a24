import { UsageError } from "../errors.js";

export type Command =
  | {
      kind: "run";
      targets: string[];
      scenarios: string[];
      only: string[];
      skip: string[];
      strict: boolean;
      reportDir: string;
      quiet: boolean;
      concurrency: number;
      shard?: { index: number; count: number };
    }
  | { kind: "cleanup"; quiet: boolean }
  | { kind: "merge"; inputs: string[]; reportDir: string }
  | { kind: "list" }
  | { kind: "help" }
  | { kind: "version" };

/**
 * Topologies probed at once. Most of a suite's time is the servers' own waits (ProFTPD's master
 * sleeps 200 ms after each session ends before it accepts again, seen with strace), not CPU: on 2 cores the built-in 10 topologies all at once took
 * 28 s, 6 at once 38 s, 4 at once 53 s.
 */
export const DEFAULT_CONCURRENCY = 10;
const VALUE_FLAGS = new Set(["--target", "--scenario", "--only", "--skip", "--report-dir", "--concurrency", "--shard"]);
const BOOLEAN_FLAGS = new Set(["--strict", "--quiet", "--list", "--help", "--version"]);

/** Parses the command line. Pure: bad input throws UsageError naming the flag. */
export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  if (args.includes("--version")) return { kind: "version" };
  if (args.includes("--list")) return { kind: "list" };
  const verb = args.shift();
  if (verb === undefined) return { kind: "help" };
  if (verb !== "run" && verb !== "cleanup" && verb !== "merge") {
    throw new UsageError(`unknown command '${verb}' (expected run, cleanup or merge)`);
  }

  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  while (args.length > 0) {
    const arg = args.shift() as string;
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (VALUE_FLAGS.has(name)) {
      const value = inline ?? args.shift();
      if (value === undefined || value === "" || (inline === undefined && value.startsWith("--"))) {
        throw new UsageError(`${name} needs a value`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (BOOLEAN_FLAGS.has(name) && inline === undefined) {
      flags.add(name);
    } else if (verb === "merge" && !arg.startsWith("-")) {
      positional.push(arg);
    } else {
      throw new UsageError(`unknown option '${arg}' for '${verb}'`);
    }
  }
  const list = (name: string) =>
    (values.get(name) ?? [])
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
  const reportDir = values.get("--report-dir")?.at(-1) ?? "test-results";
  if (verb === "cleanup") {
    if (values.size > 0) throw new UsageError(`'cleanup' takes only --quiet`);
    return { kind: "cleanup", quiet: flags.has("--quiet") };
  }
  if (verb === "merge") {
    if ([...values.keys()].some((k) => k !== "--report-dir")) throw new UsageError("'merge' takes only --report-dir");
    if (positional.length === 0)
      throw new UsageError("merge needs the report directories (or report.json files) of the shards");
    return { kind: "merge", inputs: positional, reportDir };
  }
  const shardText = values.get("--shard")?.at(-1);
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const concurrencyText = values.get("--concurrency")?.at(-1) ?? String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyText);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 16, got '${concurrencyText}'`);
  }
  return {
    kind: "run",
    targets: list("--target"),
    scenarios: list("--scenario"),
    only: list("--only"),
    skip: list("--skip"),
    strict: flags.has("--strict"),
    quiet: flags.has("--quiet"),
    reportDir,
    concurrency,
    ...(shard ? { shard } : {}),
  };
}

/** "i/n": this runner's share, 1 <= i <= n. */
function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. 1/2), got '${text}'`);
  }
  return { index, count };
}
