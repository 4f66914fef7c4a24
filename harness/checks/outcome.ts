import type { FailureCause } from "./failure-cause.js";

/** What a check observed, before its level and the scenario turn it into a verdict. */
export interface CheckOutcome {
  status: "pass" | "fail" | "skipped";
  expected: string;
  observed: string;
  /** For a failure: what to change, naming the server's own setting where it is known. */
  hint?: string;
  /** For a failure whose evidence shows a known mechanism: what an expected failure must match. */
  cause?: FailureCause;
  /** The data-connection commands a real client sent (EPSV, PASV, PORT, EPRT), in order: the client matrix shows them. */
  dataCommands?: readonly string[];
  /** For a skip: left undecided by time, not by what the server did (CheckResult.undecided). */
  undecided?: Undecided;
}

/**
 * Why a check was left undecided by time: "budget", the pair's time budget was used up before it
 * ran; "out-of-time", it hit its own limit while the server was still answering. Either makes the
 * run incomplete (never passed).
 */
export type Undecided = "budget" | "out-of-time";

export const pass = (expected: string, observed: string): CheckOutcome => ({ status: "pass", expected, observed });

export const fail = (expected: string, observed: string, hint?: string, cause?: FailureCause): CheckOutcome => ({
  status: "fail",
  expected,
  observed,
  ...(hint ? { hint } : {}),
  ...(cause ? { cause } : {}),
});

export const skip = (reason: string): CheckOutcome => ({ status: "skipped", expected: "-", observed: reason });
