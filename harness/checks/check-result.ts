import type { PairCaptures } from "../capture/pair-captures.js";
import type { TranscriptEntry } from "../ftp/transcript.js";
import type { Level, Verdict } from "../levels.js";
import type { FailureCause } from "./failure-cause.js";
import type { SkipKind } from "./outcome.js";
import type { TlsSeriesEvidence } from "./tls-series-evidence.js";

/** One line of the report: a check (and variant) run against one target in one scenario. */
export interface CheckResult {
  target: string;
  scenario: string;
  check: string;
  variant?: string;
  level: Level;
  source: string;
  requirement: string;
  verdict: Verdict;
  expected: string;
  observed: string;
  hint?: string;
  /** Why the verdict is what it is when that is not obvious (expected failure, unexpected pass). */
  note?: string;
  /** The data-connection commands a real client sent, in order (client checks only). */
  dataCommands?: string[];
  /** tls.series: the transfers of its session, how each data handshake went and where the series stopped. */
  tlsSeries?: TlsSeriesEvidence;
  /**
   * Why a result was not decided, present exactly when its verdict is `skipped` (any kind but
   * "not-applicable") or `not-applicable` (that kind); "budget" and "out-of-time" leave the run
   * incomplete. The observed text is the reason alone: reports label it from this field.
   */
  skipKind?: SkipKind;
  /** The root cause (its id in the report's rootCauses) this result is a consequence of. */
  consequenceOf?: string;
  /** For a result that did not pass: the mechanism its evidence shows, where it shows a known one. */
  cause?: FailureCause;
  /** The diagnosis (its id in the report's diagnoses) that explains this result. */
  diagnosis?: string;
  transcript: TranscriptEntry[];
  durationMs: number;
  /** The packet captures of this target x scenario (findings only; absent with --captures off). */
  captures?: PairCaptures;
}

/** How a result is named in reports and patterns: `check`, or `check[variant]`. */
export function resultKey(check: string, variant: string | undefined): string {
  return variant ? `${check}[${variant}]` : check;
}
