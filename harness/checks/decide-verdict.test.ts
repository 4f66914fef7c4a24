import { describe, expect, it } from "vitest";
import { decideVerdict } from "./decide-verdict.js";

describe("decideVerdict", () => {
  it.each([
    ["pass", "MUST", false, false, "pass"],
    ["fail", "MUST", false, false, "fail"],
    ["fail", "MUST", true, false, "xfail"],
    ["fail", "SHOULD", false, false, "non-strict"],
    ["fail", "SHOULD", false, true, "fail"],
    ["fail", "ADVISORY", false, true, "info"],
    ["skipped", "MUST", false, false, "skipped"],
    ["not-applicable", "MUST", true, true, "not-applicable"],
    ["error", "ADVISORY", true, false, "error"],
    ["pass", "MUST", true, false, "pass"],
  ] as const)("%s at %s (expected to fail: %s, strict: %s) is %s", (status, level, xfail, strict, verdict) => {
    expect(decideVerdict(status, level, xfail, strict)).toBe(verdict);
  });
});
