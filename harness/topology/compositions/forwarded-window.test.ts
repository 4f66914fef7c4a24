import { describe, expect, it } from "vitest";
import { forwardedWindow, passiveShift } from "./forwarded-window.js";

describe("forwardedWindow", () => {
  it.each([
    ["none", { min: 30000, max: 30009 }, null],
    ["whole-range", { min: 30000, max: 30009 }, { min: 30000, max: 30009 }],
    ["half-range", { min: 30000, max: 30009 }, { min: 30000, max: 30004 }],
    ["half-range", { min: 30000, max: 30000 }, { min: 30000, max: 30000 }],
    ["shifted-range", { min: 30000, max: 30009 }, { min: 40000, max: 40009 }],
    ["shifted-range", { min: 60000, max: 60009 }, { min: 50000, max: 50009 }],
  ] as const)("should forward %s of %j as %j", (forwarding, range, window) => {
    expect(forwardedWindow(forwarding, range)).toEqual(window);
  });

  it("should refuse a range that fits the port numbers moved neither up nor down", () => {
    expect(() => passiveShift({ min: 2000, max: 60000 })).toThrow("cannot be moved");
  });
});
