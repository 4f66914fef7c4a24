import { builtinTargets, DEFAULT_TARGETS } from "../targets/builtin-targets.js";
import { SCENARIOS } from "../topology/scenarios.js";

/**
 * Topologies probed at once (at most four of them being built: BUILDS_AT_ONCE in
 * harness/run/run-conformance.ts). Most of a suite's time is the servers' own waits (ProFTPD's
 * master sleeps ~0.4 s after each session ends before it accepts again), not CPU. The default run
 * (18 topologies) on 2 cores: 10 at once took 48-51 s, 16 at once 42-49 s (mean 45 s over 6 runs),
 * all 18 at once 49-55 s.
 */
export const DEFAULT_CONCURRENCY = 16;

/** The commands and their options, declared once: the parser and each command's --help read the same table. */
export const COMMAND_NAMES = ["run", "merge", "baseline", "cleanup"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export interface OptionSpec {
  type: "string" | "boolean";
  /** What the value looks like in help, e.g. NAME|FILE. */
  value?: string;
  short?: string;
  help: string;
}

export interface CommandSpec {
  synopsis: string;
  summary: string;
  /** The positional arguments in help, when the command takes any. */
  positionals?: { name: string; help: string };
  options: Readonly<Record<string, OptionSpec>>;
}

/** Help lines are at most this long (the option column comes before them). */
const HELP_WIDTH = 80;

/** `text` in lines of at most HELP_WIDTH characters, broken between words. Pure. */
export function wrapHelp(text: string): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${word}`.length <= HELP_WIDTH) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join("\n");
}

/** Names as prose: "a", "a and b", "a, b and c". */
const listed = (names: readonly string[]) =>
  names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/** --target's help, naming every built-in profile (profiles/) and the default ones. */
function targetHelp(): string {
  const names = builtinTargets().map((target) => target.name);
  return wrapHelp(
    `a built-in server (${names.join(", ")}) or a profile file (.yaml, .yml, .json); ` +
      `repeatable or comma-separated (default: ${listed(DEFAULT_TARGETS)})`,
  );
}

/** --scenario's help, naming every scenario and saying which run by default (those not run only by name). */
function scenarioHelp(): string {
  const byName = SCENARIOS.filter((scenario) => scenario.byNameOnly !== null).map((scenario) => scenario.name);
  const defaults =
    byName.length === 0
      ? "every scenario"
      : `every scenario but ${listed(byName)}, which ${byName.length === 1 ? "runs" : "run"} only when named`;
  return wrapHelp(
    `one of ${SCENARIOS.map((scenario) => scenario.name).join(", ")}; repeatable or comma-separated ` +
      `(default: ${defaults})`,
  );
}

const HELP: OptionSpec = { type: "boolean", short: "h", help: "print this command's options" };
const QUIET: OptionSpec = { type: "boolean", help: "print only warnings and the final summary" };
const REPORT_DIR: OptionSpec = { type: "string", value: "DIR", help: "where reports go (default: test-results)" };
const BASELINE: OptionSpec = {
  type: "string",
  value: "FILE",
  help:
    "known failures (a file 'baseline' writes): a failure listed there does not fail\n" +
    "the run, any other does (named first); entries that now pass are listed as fixed",
};
const BASELINE_STRICT: OptionSpec = {
  type: "boolean",
  help: "with --baseline: an entry that no longer fails fails the run too (remove it)",
};

/** Accepted before or after a command, as they always were (`npm run conformance -- --list` runs `run --list`). */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", help: "print this help, or a command's options after its name" },
  version: { type: "boolean", help: "print the version" },
  list: { type: "boolean", help: "print the checks with their IDs, levels and sources" },
};

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  run: {
    synopsis: "ftp-conformance run [options]",
    summary:
      "Start the servers, build each scenario's network around them, run the checks,\n" +
      "write test-results/{report.json,junit.xml,report.md,report.html}.",
    options: {
      target: { type: "string", value: "NAME|FILE", help: targetHelp() },
      scenario: { type: "string", value: "NAME", help: scenarioHelp() },
      only: { type: "string", value: "GLOB", help: "run only checks whose ID matches (repeatable, e.g. 'pasv.*')" },
      skip: { type: "string", value: "GLOB", help: "skip checks whose ID matches (repeatable)" },
      strict: {
        type: "boolean",
        help: "SHOULD-level failures fail the run too, and so do checks left undecided\n(an incomplete run)",
      },
      baseline: BASELINE,
      "baseline-strict": BASELINE_STRICT,
      "report-dir": REPORT_DIR,
      concurrency: {
        type: "string",
        value: "N",
        help: `topologies probed at once, 1 to 16 (default: ${DEFAULT_CONCURRENCY})`,
      },
      shard: {
        type: "string",
        value: "I/N",
        help: "run the I-th of N shares of the target x scenario pairs (for CI runners);\nmerge the shards' reports with 'merge'",
      },
      captures: {
        type: "string",
        value: "on|off|all",
        help:
          "packet captures of each pair's client side and gateways, linked from its findings,\n" +
          "in <report dir>/captures: on keeps control connections whole and the small packets\n" +
          "of data connections, all keeps every packet too (default: on)",
      },
      "capture-limit": {
        type: "string",
        value: "MB",
        help: "where each interface's capture stops, in megabytes (default: 4)",
      },
      subnets: {
        type: "string",
        value: "PUBLIC,PRIVATE",
        help:
          "the IPv4 ranges networks are cut from: public sides in /29s, private sides in /24s\n" +
          "(default: 198.51.100.0/24 and 203.0.113.0/24, 10.213.0.0/16; also FTP_CONFORMANCE_SUBNETS);\n" +
          "slots the engine host's own routes overlap are skipped",
      },
      quiet: QUIET,
      help: HELP,
    },
  },
  merge: {
    synopsis: "ftp-conformance merge DIR... [--report-dir DIR] [--baseline FILE [--baseline-strict]]",
    summary:
      "Merge the reports of shards (their --report-dir, or report.json files) into one,\n" +
      "written to --report-dir; exits as the unsharded run would.",
    positionals: { name: "DIR...", help: "the shards' report directories, or their report.json files" },
    options: { "report-dir": REPORT_DIR, baseline: BASELINE, "baseline-strict": BASELINE_STRICT, help: HELP },
  },
  baseline: {
    synopsis: "ftp-conformance baseline REPORT [--out FILE]",
    summary:
      "Write a report's failures (fail and non-strict) as a baseline file for --baseline:\n" +
      "one entry per result, sorted, each with a reason to fill in.",
    positionals: { name: "REPORT", help: "a report directory, or its report.json" },
    options: {
      out: {
        type: "string",
        value: "FILE",
        help:
          "write the baseline there (default: print it); the reasons of an existing FILE\n" +
          "are kept for the failures it already lists",
      },
      help: HELP,
    },
  },
  cleanup: {
    synopsis: "ftp-conformance cleanup [--quiet]",
    summary: "Remove every container and network a harness run left behind (images are kept).",
    options: { quiet: QUIET, help: HELP },
  },
};

export const isCommandName = (text: string): text is CommandName => (COMMAND_NAMES as readonly string[]).includes(text);
