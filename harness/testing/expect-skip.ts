import { expect } from "vitest";
import type { SkipKind } from "../checks/outcome.js";
import type { Verdict } from "../levels.js";

/**
 * Asserts a check not decided, of `kind`, read from its field (never from its words), and that its
 * observed text says `reason`: the whole reason (as the outcome's constructor words it), or a pattern
 * found in it. For a result (one with a verdict) it asserts the verdict too: `not-applicable` for
 * that kind, `skipped` for every other.
 */
export function expectSkip(
  result: { skipKind?: SkipKind | undefined; observed: string; verdict?: Verdict } | undefined,
  kind: SkipKind,
  reason?: string | RegExp,
): void {
  expect(result?.skipKind, result?.observed).toBe(kind);
  if (result?.verdict !== undefined) {
    expect(result.verdict, result.observed).toBe(kind === "not-applicable" ? "not-applicable" : "skipped");
  }
  if (typeof reason === "string") expect(result?.observed).toBe(reason);
  else if (reason) expect(result?.observed).toMatch(reason);
}
