import { describe, expect, it } from "vitest";
import { classifyAddress, inSubnet } from "./classify-address.js";

describe("classifyAddress", () => {
  it.each([
    ["10.213.4.3", "the server's own address"],
    ["10.213.4.9", "an address on the server's private network"],
    ["192.168.1.5", "a private (RFC 1918) address"],
    ["172.20.0.2", "a private (RFC 1918) address"],
    ["0.0.0.0", "unroutable address (this-network)"],
    ["127.0.0.1", "unroutable address (loopback)"],
    ["169.254.1.1", "link-local"],
    ["8.8.8.8", "a public address other than"],
  ])("calls %s %j", (address, kind) => {
    expect(classifyAddress(address, "10.213.4.3", ["10.213.4.0/24"])).toContain(kind);
  });

  it("matches subnets by prefix", () => {
    expect(inSubnet("198.51.100.18", "198.51.100.16/28")).toBe(true);
    expect(inSubnet("198.51.100.32", "198.51.100.16/28")).toBe(false);
    expect(inSubnet("not-an-ip", "10.0.0.0/8")).toBe(false);
  });
});
