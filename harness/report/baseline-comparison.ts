import type { Verdict } from "../levels.js";
import type { BaselineEntry, BaselineVerdict } from "./baseline-file.js";

/** A result as the baseline comparison names it. */
export interface BaselineResult {
  target: string;
  scenario: string;
  check: string;
  variant?: string;
  verdict: Verdict;
}

/** How a report's results compare with a baseline (RunReport.baseline). docs/report.md. */
export interface BaselineComparison {
  /** The baseline file as the command line named it. */
  file: string;
  /** --baseline-strict: an entry that no longer fails fails the run. */
  strict: boolean;
  /**
   * Results that fail the run and that no entry accepts, in report order; `listedAs` when an entry
   * names a milder failure, `diagnosis` the id of the diagnosis that explains it (RunReport.diagnoses).
   */
  newFailures: Array<BaselineResult & { listedAs?: BaselineVerdict; diagnosis?: string }>;
  /** Failing results an entry accepts, with its reason. */
  known: Array<BaselineResult & { reason: string }>;
  /** Entries whose result was decided and no longer fails (pass, info or xfail), with the verdict now. */
  fixed: Array<BaselineEntry & { now: Verdict }>;
  /** Entries whose result was not decided here: not run (another shard, --only), not applicable, skipped or an error. */
  notDecided: number;
}
