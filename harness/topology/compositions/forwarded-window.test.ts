import { describe, expect, it } from "vitest";
import { forwardedWindow } from "./forwarded-window.js";

describe("forwardedWindow", () => {
  it.each([
    ["none", { min: 30000, max: 30009 }, null],
    ["whole-range", { min: 30000, max: 30009 }, { min: 30000, max: 30009 }],
    ["half-range", { min: 30000, max: 30009 }, { min: 30000, max: 30004 }],
    ["half-range", { min: 30000, max: 30000 }, { min: 30000, max: 30000 }],
  ] as const)("should forward %s of %j as %j", (forwarding, range, window) => {
    expect(forwardedWindow(forwarding, range)).toEqual(window);
  });
});
