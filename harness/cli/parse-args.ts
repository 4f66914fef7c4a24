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
    }
  | { kind: "cleanup"; quiet: boolean }
  | { kind: "list" }
  | { kind: "help" }
  | { kind: "version" };

/**
 * Topologies probed at once. Most of a suite's time is the servers' own waits (ProFTPD answers
 * each connection ~0.4 s late), not CPU: on 2 cores the built-in 10 topologies all at once took
 * 28 s, 6 at once 38 s, 4 at once 53 s.
 */
export const DEFAULT_CONCURRENCY = 10;
const VALUE_FLAGS = new Set(["--target", "--scenario", "--only", "--skip", "--report-dir", "--concurrency"]);
const BOOLEAN_FLAGS = new Set(["--strict", "--quiet", "--list", "--help", "--version"]);

/** Parses the command line. Pure: bad input throws UsageError naming the flag. */
export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  if (args.includes("--version")) return { kind: "version" };
  if (args.includes("--list")) return { kind: "list" };
  const verb = args.shift();
  if (verb === undefined) return { kind: "help" };
  if (verb !== "run" && verb !== "cleanup") throw new UsageError(`unknown command '${verb}' (expected run or cleanup)`);

  const values = new Map<string, string[]>();
  const flags = new Set<string>();
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
    } else {
      throw new UsageError(`unknown option '${arg}' for '${verb}'`);
    }
  }
  const list = (name: string) =>
    (values.get(name) ?? [])
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      .filter(Boolean);
  if (verb === "cleanup") {
    if (values.size > 0) throw new UsageError(`'cleanup' takes only --quiet`);
    return { kind: "cleanup", quiet: flags.has("--quiet") };
  }
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
    reportDir: values.get("--report-dir")?.at(-1) ?? "test-results",
    concurrency,
  };
}
