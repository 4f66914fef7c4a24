import { describe, expect, it } from "vitest";
import { describeRoute, parseIpRoutes } from "./host-routes.js";

describe("parseIpRoutes", () => {
  it("should read iproute2's JSON, leaving out the default route and giving host routes a full prefix", () => {
    const json = JSON.stringify([
      { dst: "default", gateway: "192.0.2.1", dev: "eth0", flags: [] },
      { dst: "172.17.0.0/16", dev: "docker0", protocol: "kernel", scope: "link", prefsrc: "172.17.0.1" },
      { dst: "198.51.100.20", gateway: "192.0.2.1", dev: "eth0" },
      { type: "unreachable", dst: "10.213.9.0/24" },
    ]);
    expect(parseIpRoutes(json)).toEqual([
      { destination: "172.17.0.0/16", device: "docker0" },
      { destination: "198.51.100.20/32", device: "eth0" },
      { destination: "10.213.9.0/24", device: "unreachable" },
    ]);
  });

  it("should read IPv6 routes and an empty table", () => {
    const json =
      '[{"dst":"fd00:db8:1::/48","dev":"wg0","metric":256},{"dst":"default","gateway":"fd00::1","dev":"eth0"}]';
    expect(parseIpRoutes(json)).toEqual([{ destination: "fd00:db8:1::/48", device: "wg0" }]);
    expect(parseIpRoutes("\n")).toEqual([]);
  });

  it("should refuse output that is not iproute2's JSON", () => {
    expect(() => parseIpRoutes("default via 192.0.2.1 dev eth0")).toThrow();
  });

  it("should describe a route as ip prints it", () => {
    expect(describeRoute({ destination: "10.0.0.0/8", device: "tun0" })).toBe("10.0.0.0/8 dev tun0");
  });
});
