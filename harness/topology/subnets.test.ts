import { describe, expect, it } from "vitest";
import {
  cutRange,
  DEFAULT_POOLS,
  hostAddress,
  pairedIpv6Subnet,
  poolsFrom,
  PRIVATE_SLOTS,
  PUBLIC_SLOTS,
  slotOrder,
} from "./subnets.js";

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
    expect(hostAddress("10.213.0.250/24", 10)).toBe("10.213.1.4");
    expect(hostAddress("fd00:db8:0:1f08::/64", 4)).toBe("fd00:db8:0:1f08::4");
  });

  it.each([
    ["198.51.100.8/29", "fd00:db8:0:6408::/64"],
    ["203.0.113.248/29", "fd00:db8:0:71f8::/64"],
    ["10.213.7.0/24", "fd00:db8:1:7::/64"],
  ])("should pair %s with the IPv6 subnet %s", (slot, subnet) => {
    expect(pairedIpv6Subnet(slot)).toBe(subnet);
  });

  it("should pair every slot with a different IPv6 subnet", () => {
    const all = [
      ...PUBLIC_SLOTS.map((slot) => pairedIpv6Subnet(slot, "public")),
      ...PRIVATE_SLOTS.map((slot) => pairedIpv6Subnet(slot, "private")),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it("should cut a range into slots of a prefix length, and none from a range smaller than one", () => {
    expect(cutRange("192.0.2.0/28", 29)).toEqual(["192.0.2.0/29", "192.0.2.8/29"]);
    expect(cutRange("10.77.0.0/23", 24)).toEqual(["10.77.0.0/24", "10.77.1.0/24"]);
    expect(cutRange("192.0.2.0/30", 29)).toEqual([]);
  });

  it("should cut the default ranges into the default slots", () => {
    expect(poolsFrom(DEFAULT_POOLS.ranges).slots).toEqual(DEFAULT_POOLS.slots);
  });

  it("should pair a user's private slot by its pool, not by its first octet", () => {
    expect(pairedIpv6Subnet("172.20.2.0/24", "private")).toBe("fd00:db8:1:2::/64");
    expect(pairedIpv6Subnet("192.0.2.0/29", "public")).toBe("fd00:db8:0:200::/64");
  });

  it("should rotate the slot order without losing slots", () => {
    const order = slotOrder(["a", "b", "c"], 4);
    expect(order).toEqual(["b", "c", "a"]);
  });
});
