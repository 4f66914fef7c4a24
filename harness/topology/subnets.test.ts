import { describe, expect, it } from "vitest";
import { hostAddress, PRIVATE_SLOTS, PUBLIC_SLOTS, slotOrder } from "./subnets.js";

describe("subnets", () => {
  it("should cut the documentation ranges into /29 slots", () => {
    expect(PUBLIC_SLOTS).toHaveLength(64);
    expect(PUBLIC_SLOTS[1]).toBe("198.51.100.8/29");
    expect(PUBLIC_SLOTS.every((s) => s.startsWith("198.51.100.") || s.startsWith("203.0.113."))).toBe(true);
    expect(new Set(PRIVATE_SLOTS).size).toBe(256);
  });

  it("should compute host addresses inside a slot", () => {
    expect(hostAddress("203.0.113.16/28", 2)).toBe("203.0.113.18");
    expect(hostAddress("10.213.255.0/24", 3)).toBe("10.213.255.3");
  });

  it("should rotate the slot order without losing slots", () => {
    const order = slotOrder(["a", "b", "c"], 4);
    expect(order).toEqual(["b", "c", "a"]);
  });
});
