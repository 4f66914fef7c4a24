import { expect } from "vitest";
import { skipText, type SkipKind } from "../checks/outcome.js";

/**
 * Asserts a skip of `kind`, read from its field (never from its words), and that its observed text
 * says `reason`: the whole reason (as the outcome's constructor words it), or a pattern found in it.
 */
export function expectSkip(
  result: { skipKind?: SkipKind | undefined; observed: string } | undefined,
  kind: SkipKind,
  reason?: string | RegExp,
): void {
  expect(result?.skipKind, result?.observed).toBe(kind);
  if (typeof reason === "string") expect(result?.observed).toBe(skipText(kind, reason));
  else if (reason) expect(result?.observed).toMatch(reason);
}
