import type { FailureCause } from "./failure-cause.js";
import type { TlsSeriesEvidence } from "./tls-series-evidence.js";

/**
 * Why a check was not decided, as data: reports count it and label it, tests assert it; the observed
 * text carries only the reason, never the kind.
 * - "not-applicable": the requirement does not apply here (the scenario, the target's profile, or a
 *   reply the requirement is about that never came): the result's verdict is `not-applicable`, not
 *   `skipped`, and it is not counted as a result of the run.
 * The other kinds are `skipped`: the check should have run here and could not.
 * - "unsupported": the server does not implement the command the check needs (500/502);
 * - "inconclusive": the check ran, but what it saw decides nothing (its stimulus did not happen);
 * - "out-of-time": the check hit its own limit while the server was still answering;
 * - "budget": not run, the pair's time budget was used up before it;
 * - "not-run": not run, the server had stopped answering or the pair could not be set up.
 */
export type SkipKind = "not-applicable" | "unsupported" | "inconclusive" | "out-of-time" | "budget" | "not-run";

export const SKIP_KINDS: readonly SkipKind[] = [
  "not-applicable",
  "unsupported",
  "inconclusive",
  "out-of-time",
  "budget",
  "not-run",
];

/** The kinds of a `skipped` result: every kind but "not-applicable". */
export type SkippedKind = Exclude<SkipKind, "not-applicable">;

export const SKIPPED_KINDS = SKIP_KINDS.filter((kind): kind is SkippedKind => kind !== "not-applicable");

/** Skips left undecided by time, not by what the server did: they make a run incomplete (never passed). */
export const UNDECIDED_KINDS: readonly SkipKind[] = ["budget", "out-of-time"];

/** What a check observed, before its level and the scenario turn it into a verdict. */
interface Observation {
  expected: string;
  observed: string;
  /** For a failure: what to change, naming the server's own setting where it is known. */
  hint?: string;
  /** For a failure whose evidence shows a known mechanism: what an expected failure must match. */
  cause?: FailureCause;
  /** The data-connection commands a real client sent (EPSV, PASV, PORT, EPRT), in order: the client matrix shows them. */
  dataCommands?: readonly string[];
  /** tls.series: its transfers, how each data handshake went, where the series stopped. */
  tlsSeries?: TlsSeriesEvidence;
}

/** What a check observed: decided (pass, fail), or skipped for a reason of a kind. */
export type CheckOutcome =
  | (Observation & { status: "pass" | "fail"; skipKind?: undefined })
  | (Observation & { status: "skipped"; skipKind: SkipKind });

export const pass = (expected: string, observed: string): CheckOutcome => ({ status: "pass", expected, observed });

export const fail = (expected: string, observed: string, hint?: string, cause?: FailureCause): CheckOutcome => ({
  status: "fail",
  expected,
  observed,
  ...(hint ? { hint } : {}),
  ...(cause ? { cause } : {}),
});

/** A skip of `kind`, saying why: the observed text is the reason alone (reports label it from the kind). */
export const skipped = (kind: SkipKind, reason: string): CheckOutcome => ({
  status: "skipped",
  skipKind: kind,
  expected: "-",
  observed: reason,
});

/** The requirement does not apply here. */
export const notApplicable = (reason: string): CheckOutcome => skipped("not-applicable", reason);

/** The server does not implement the command the check needs. */
export const unsupported = (reason: string): CheckOutcome => skipped("unsupported", reason);

/** The check ran, but what it saw decides nothing. */
export const inconclusive = (reason: string): CheckOutcome => skipped("inconclusive", reason);
