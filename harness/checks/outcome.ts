/** What a check observed, before its level and the scenario turn it into a verdict. */
export interface CheckOutcome {
  status: "pass" | "fail" | "skipped";
  expected: string;
  observed: string;
  /** For a failure: what to change, naming the server's own setting where it is known. */
  hint?: string;
}

export const pass = (expected: string, observed: string): CheckOutcome => ({ status: "pass", expected, observed });

export const fail = (expected: string, observed: string, hint?: string): CheckOutcome => ({
  status: "fail",
  expected,
  observed,
  ...(hint ? { hint } : {}),
});

export const skip = (reason: string): CheckOutcome => ({ status: "skipped", expected: "-", observed: reason });
