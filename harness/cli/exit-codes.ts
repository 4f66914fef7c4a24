import type { RunOutcome } from "../report/run-report.js";

/**
 * The CLI's exit codes, in one place: main() returns them, --help and the README list them. A run
 * whose results are not all decided is neither passed nor failed: it has a code of its own.
 */
export const EXIT_CODES = {
  /** Every result decided, and every required check passed. */
  passed: 0,
  /**
   * A required check failed or errored (with --strict: also a SHOULD failure, or an undecided result;
   * with --baseline: one the baseline does not list, or with --baseline-strict a listed one that passes again).
   */
  failed: 1,
  /** Bad usage, profile or environment: reported in one line, before anything starts. */
  usage: 2,
  /** No required check failed, but results were left undecided by time (RunReport.undecided). */
  incomplete: 3,
  /** Ctrl-C or SIGTERM, after cleaning up. */
  interrupted: 130,
} as const;

/** The exit code of a run or a merge that ended as `outcome`. Pure. */
export const exitCodeFor = (outcome: RunOutcome): number => EXIT_CODES[outcome];

/** The exit codes as --help lists them. */
export const EXIT_CODES_HELP =
  `Exit codes: ${EXIT_CODES.passed} every check decided, every required check passed; ` +
  `${EXIT_CODES.failed} a required check failed\n(with --baseline: one the baseline does not list); ` +
  `${EXIT_CODES.usage} bad usage or environment;\n${EXIT_CODES.incomplete} incomplete: none failed, but checks were ` +
  "left undecided (a pair's budget.pairSeconds used up,\nor a check's limit reached while the server still " +
  `answered), ${EXIT_CODES.failed} with --strict; ${EXIT_CODES.interrupted} interrupted.`;
