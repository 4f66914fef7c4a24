import { describe, expect, it } from "vitest";
import { BusyClock } from "./busy-clock.js";

describe("BusyClock", () => {
  it("should count overlapping waits once, and a wait still open up to now", () => {
    let now = 0;
    const clock = new BusyClock(() => now);
    clock.begin(); // 0
    now = 10;
    clock.begin(); // 10, overlapping
    now = 30;
    clock.end();
    now = 40;
    clock.end(); // busy 0..40
    now = 100;
    expect(clock.busyMs()).toBe(40);
    clock.begin(); // 100
    now = 105;
    expect(clock.busyMs()).toBe(45);
  });

  it("should ignore an end without a begin", () => {
    let now = 0;
    const clock = new BusyClock(() => now);
    clock.end();
    now = 10;
    expect(clock.busyMs()).toBe(0);
  });
});
