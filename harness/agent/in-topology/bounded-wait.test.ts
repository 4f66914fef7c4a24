import { describe, expect, it } from "vitest";
import { boundedWait } from "./bounded-wait.js";

describe("boundedWait", () => {
  it("should end with the value a waiter is called with", async () => {
    const waiters: Array<(value: string) => void> = [];
    const waited = boundedWait(waiters, 1000, () => "timeout");
    expect(waiters).toHaveLength(1);
    for (const waiter of waiters.splice(0)) waiter("reply");
    expect(await waited).toBe("reply");
  });

  it("should end with what onTimeout reads at the timeout, taking its waiter out of the list", async () => {
    const waiters: Array<(value: string) => void> = [];
    let seen = "before";
    const waited = boundedWait(waiters, 20, () => `timeout, ${seen}`);
    seen = "after";
    expect(await waited).toBe("timeout, after");
    expect(waiters).toHaveLength(0);
  });
});
