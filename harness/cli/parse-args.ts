import { parseArgs as tokenize } from "node:util";
import type { CaptureScope } from "../capture/capture-filter.js";
import { DEFAULT_CAPTURE_LIMIT_MEGABYTES } from "../capture/capture-settings.js";
import { UsageError } from "../errors.js";
import { parseSubnetRanges } from "../topology/subnet-ranges.js";
import type { SubnetPools } from "../topology/subnets.js";
import {
  COMMAND_NAMES,
  COMMANDS,
  DEFAULT_CONCURRENCY,
  GLOBAL_OPTIONS,
  isCommandName,
  type CommandName,
  type OptionSpec,
} from "./command-options.js";

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
      /** Packet captures (what they keep, where each interface's stops, in megabytes), or null: none. */
      captures: { scope: CaptureScope; limitMegabytes: number } | null;
      /** The ranges networks are cut from (--subnets), or null: the environment's or the default ones. */
      subnets: SubnetPools | null;
      baseline?: BaselineOption;
    }
  | { kind: "cleanup"; quiet: boolean }
  | { kind: "merge"; inputs: string[]; reportDir: string; baseline?: BaselineOption }
  /** Writes the failures of a report (a directory or its report.json) as a baseline, to `out` or stdout. */
  | { kind: "baseline"; input: string; out?: string }
  | { kind: "list" }
  /** The overall help, or one command's options. */
  | { kind: "help"; command?: CommandName }
  | { kind: "version" };

/** --baseline FILE, and --baseline-strict: an entry that no longer fails fails the run too. */
export interface BaselineOption {
  file: string;
  strict: boolean;
}

type Values = Record<string, Array<string | boolean> | boolean | string | undefined>;

/** Parses the command line. Pure: bad input throws UsageError naming the flag. */
export function parseArgs(argv: readonly string[]): Command {
  const [verb, ...rest] = argv;
  if (verb === undefined) return { kind: "help" };
  if (!isCommandName(verb)) {
    if (!verb.startsWith("-")) throw new UsageError(`unknown command '${verb}' (expected ${COMMAND_NAMES.join(", ")})`);
    // Options before any command: --help, --version, --list, or `--help run` for run's options.
    const { values, positionals } = read(argv, GLOBAL_OPTIONS, undefined, true);
    const [about] = positionals;
    if (values.help === true && about !== undefined && isCommandName(about)) return { kind: "help", command: about };
    if (about !== undefined) throw new UsageError(`unexpected argument '${about}'`);
    return globalCommand(values) ?? { kind: "help" };
  }
  const { values, positionals } = read(
    rest,
    { ...GLOBAL_OPTIONS, ...COMMANDS[verb].options },
    verb,
    verb === "merge" || verb === "baseline",
  );
  if (values.help === true) return { kind: "help", command: verb };
  const global = globalCommand(values);
  if (global) return global;
  const reportDir = last(values, "report-dir") ?? "test-results";
  if (verb === "cleanup") return { kind: "cleanup", quiet: values.quiet === true };
  const baseline = parseBaselineOption(values);
  if (verb === "merge") {
    if (positionals.length === 0)
      throw new UsageError("merge needs the report directories (or report.json files) of the shards");
    return { kind: "merge", inputs: positionals, reportDir, ...(baseline ? { baseline } : {}) };
  }
  if (verb === "baseline") {
    const [input, extra] = positionals;
    if (input === undefined) throw new UsageError("baseline needs a report directory (or its report.json)");
    if (extra !== undefined) throw new UsageError(`baseline takes one report, got a second: '${extra}'`);
    const out = last(values, "out");
    return { kind: "baseline", input, ...(out !== undefined ? { out } : {}) };
  }
  const shardText = last(values, "shard");
  const shard = shardText === undefined ? undefined : parseShard(shardText);
  const concurrencyText = last(values, "concurrency") ?? String(DEFAULT_CONCURRENCY);
  const concurrency = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText) || concurrency < 1 || concurrency > 16) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 16, got '${concurrencyText}'`);
  }
  const captures = parseCaptures(last(values, "captures") ?? "on", last(values, "capture-limit"));
  const subnetsText = last(values, "subnets");
  return {
    kind: "run",
    targets: list(values, "target"),
    scenarios: list(values, "scenario"),
    only: list(values, "only"),
    skip: list(values, "skip"),
    strict: values.strict === true,
    quiet: values.quiet === true,
    reportDir,
    concurrency,
    ...(shard ? { shard } : {}),
    captures,
    subnets: subnetsText === undefined ? null : parseSubnetRanges(subnetsText, "--subnets"),
    ...(baseline ? { baseline } : {}),
  };
}

/** `--baseline FILE [--baseline-strict]`; --baseline-strict alone is a mistake. */
function parseBaselineOption(values: Values): BaselineOption | undefined {
  const file = last(values, "baseline");
  const strict = values["baseline-strict"] === true;
  if (file === undefined && strict) throw new UsageError("--baseline-strict needs --baseline FILE");
  return file === undefined ? undefined : { file, strict };
}

/** `--captures on|off|all` and `--capture-limit MB` (a whole number from 1 to 1000). */
function parseCaptures(
  captures: string,
  limitText: string | undefined,
): { scope: CaptureScope; limitMegabytes: number } | null {
  if (captures !== "on" && captures !== "off" && captures !== "all") {
    throw new UsageError(`--captures must be on, off or all, got '${captures}'`);
  }
  const limitMegabytes = Number(limitText ?? DEFAULT_CAPTURE_LIMIT_MEGABYTES);
  if (limitText !== undefined && (!/^\d+$/.test(limitText) || limitMegabytes < 1 || limitMegabytes > 1000)) {
    throw new UsageError(`--capture-limit must be a whole number of megabytes from 1 to 1000, got '${limitText}'`);
  }
  if (captures === "off") return null;
  return { scope: captures === "all" ? "all" : "control-and-headers", limitMegabytes };
}

/**
 * Node's parseArgs splits the words into tokens (`--name value`, `--name=value`, `-h`, `--`); its
 * strict mode would throw messages of its own wording, so the tokens are checked here instead and
 * each mistake is one line naming the option, as the README shows.
 */
function read(
  args: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  verb: CommandName | undefined,
  allowPositionals: boolean,
): { values: Values; positionals: string[] } {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [
      name,
      { type: spec.type, multiple: spec.type === "string", ...(spec.short ? { short: spec.short } : {}) },
    ]),
  );
  const { values, positionals, tokens } = tokenize({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  // Asking for help is never a mistake: `run --bogus --help` shows run's options.
  if (values.help === true) return { values: values as Values, positionals };
  for (const token of tokens) {
    if (token.kind === "positional" && !allowPositionals) {
      throw new UsageError(`unexpected argument '${token.value}' for '${verb}'`);
    }
    if (token.kind !== "option") continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(unknownOption(token.rawName, token.name, verb));
    const value = token.value;
    if (
      spec.type === "string" &&
      (value === undefined || value === "" || (!token.inlineValue && value.startsWith("-")))
    ) {
      throw new UsageError(`${token.rawName} needs a value`);
    }
    if (spec.type === "boolean" && value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
  }
  return { values: values as Values, positionals };
}

/** An option another command takes says where it belongs; anything else is unknown. */
function unknownOption(rawName: string, name: string, verb: CommandName | undefined): string {
  const owners = COMMAND_NAMES.filter((command) => rawName.startsWith("--") && name in COMMANDS[command].options);
  const [owner] = owners;
  if (owner !== undefined && verb === undefined)
    return `${rawName} goes after a command, e.g. 'ftp-conformance ${owner} ${rawName}'`;
  if (owner !== undefined && verb !== undefined) {
    const own = Object.keys(COMMANDS[verb].options).filter((option) => option !== "help");
    return `'${verb}' takes only ${own.map((option) => `--${option}`).join(", ")}`;
  }
  return verb === undefined ? `unknown option '${rawName}'` : `unknown option '${rawName}' for '${verb}'`;
}

function globalCommand(values: Values): Command | undefined {
  if (values.help === true) return { kind: "help" };
  if (values.version === true) return { kind: "version" };
  if (values.list === true) return { kind: "list" };
  return undefined;
}

const strings = (values: Values, name: string) => [values[name] ?? []].flat().map(String);
const last = (values: Values, name: string) => strings(values, name).at(-1);
/** Repeatable and comma-separated: `--target a --target b,c`. */
const list = (values: Values, name: string) =>
  strings(values, name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);

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
