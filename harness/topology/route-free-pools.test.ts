import { describe, expect, it } from "vitest";
import type { HostRoute } from "./host-routes.js";
import { describeExhausted, describeSkipped, routeFreePools } from "./route-free-pools.js";
import { DEFAULT_POOLS, poolsFrom } from "./subnets.js";

/** A host whose package mirror sits at a documentation address and whose own network is 192.0.2.0/24. */
const MIRROR_HOST: HostRoute[] = [
  { destination: "192.0.2.0/24", device: "eth0" },
  { destination: "172.17.0.0/16", device: "docker0" },
  { destination: "203.0.113.70/32", device: "eth0" },
];

describe("routeFreePools", () => {
  it("should skip the slot holding a host route inside a default range, pick the others, and say so", () => {
    const free = routeFreePools(DEFAULT_POOLS, MIRROR_HOST, new Set());
    expect(free.exhausted).toEqual([]);
    expect(free.pools.slots.public).not.toContain("203.0.113.64/29");
    expect(free.pools.slots.public).toHaveLength(DEFAULT_POOLS.slots.public.length - 1);
    expect(free.pools.slots.private).toEqual(DEFAULT_POOLS.slots.private);
    expect(describeSkipped(free.skipped)).toEqual([
      "skipping 1 public slot (203.0.113.64/29) that overlaps the engine host's route 203.0.113.70/32 dev eth0: " +
        "a network there would take that traffic from the host for the length of the run",
    ]);
  });

  it("should skip every slot inside a wider route, and the slots around a narrower one", () => {
    const routes = [
      { destination: "198.51.100.0/26", device: "tun0" },
      { destination: "10.213.4.128/25", device: "eth1" },
    ];
    const free = routeFreePools(DEFAULT_POOLS, routes, new Set());
    expect(free.skipped.map((s) => s.slot)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `198.51.100.${i * 8}/29`),
      "10.213.4.0/24",
    ]);
    expect(describeSkipped(free.skipped)[0]).toMatch(
      /^skipping 8 public slots \(198\.51\.100\.0\/29 \.\.\. 198\.51\.100\.56\/29\) that overlap the engine host's route 198\.51\.100\.0\/26 dev tun0/,
    );
  });

  it("should not count the routes of the harness's own bridges, nor the default route", () => {
    const routes = [
      { destination: "10.213.131.0/24", device: "br-d532e7ee54fb" },
      { destination: "203.0.113.224/29", device: "br-af1e1b1e362e" },
    ];
    const free = routeFreePools(DEFAULT_POOLS, routes, new Set(["br-d532e7ee54fb", "br-af1e1b1e362e"]));
    expect(free.skipped).toEqual([]);
  });

  it("should skip a slot whose paired IPv6 subnet a route of the host overlaps", () => {
    const free = routeFreePools(DEFAULT_POOLS, [{ destination: "fd00:db8:1:7::/64", device: "wg0" }], new Set());
    expect(free.skipped.map((s) => s.slot)).toEqual(["10.213.7.0/24"]);
  });

  it("should leave a side empty, and say which routes took it, when a route covers the whole range", () => {
    const routes = [{ destination: "10.0.0.0/8", device: "tun0" }];
    const free = routeFreePools(poolsFrom({ public: ["192.0.2.0/24"], private: ["10.77.0.0/16"] }), routes, new Set());
    expect(free.exhausted).toEqual(["private"]);
    expect(describeExhausted(free)).toBe(
      "every private slot of 10.77.0.0/16 overlaps a route of the engine host (10.0.0.0/8 dev tun0): " +
        "choose free ranges with --subnets PUBLIC,PRIVATE (or FTP_CONFORMANCE_SUBNETS)",
    );
  });
});
