import { describe, expect, it } from "vitest";
import { inSubnet, parseAddress, parseSubnet } from "./ip-address.js";

describe("parseAddress", () => {
  it.each([
    ["10.0.0.1", "10.0.0.1"],
    ["255.255.255.255", "255.255.255.255"],
    ["::1", "::1"],
    ["fd00:0:0:0::5", "fd00::5"],
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["010.0.0.1", null],
    ["127.1", null],
    ["0x7f.0.0.1", null],
    ["1.2.3.256", null],
    [" 1.2.3.4", null],
    ["example.com", null],
    ["", null],
  ])("reads %j as %j", (text, expected) => {
    expect(parseAddress(text)?.toString() ?? null).toBe(expected);
  });
});

describe("parseSubnet", () => {
  it.each([
    ["10.0.0.0/8", true],
    ["fd00::/8", true],
    ["10.0.0.0/33", false],
    ["10.0.0.0", false],
    ["nonsense/8", false],
  ])("parses %j: %s", (text, ok) => {
    expect(parseSubnet(text) !== null).toBe(ok);
  });
});

describe("inSubnet", () => {
  it.each([
    ["198.51.100.18", "198.51.100.16/28", true],
    ["198.51.100.32", "198.51.100.16/28", false],
    ["8.8.8.8", "0.0.0.0/0", true],
    ["127.0.0.2", "127.0.0.0/8", true],
    ["::ffff:127.0.0.2", "127.0.0.0/8", true],
    ["fd01::7", "fd00::/16", false],
    ["fd00:1::7", "fd00::/32", false],
    ["fd00::7", "fd00::/16", true],
    ["::1", "127.0.0.0/8", false],
    ["127.0.0.1", "::/0", false],
    ["not-an-ip", "10.0.0.0/8", false],
    ["10.0.0.1", "bad", false],
  ])("%s in %s: %s", (address, cidr, expected) => {
    expect(inSubnet(address, cidr)).toBe(expected);
  });
});
