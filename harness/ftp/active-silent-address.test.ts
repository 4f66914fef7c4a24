import { describe, expect, it } from "vitest";
import { unusedAddress } from "./active-silent-address.js";

describe("unusedAddress", () => {
  it.each([
    // A topology's public /29: .9 the bridge, .10 gateway, .11 server, .12 client, .13 intruder.
    ["198.51.100.8/29", ["198.51.100.10", "198.51.100.11", "198.51.100.12", "198.51.100.13"], "198.51.100.14"],
    ["198.51.100.8/29", ["198.51.100.14"], "198.51.100.13"],
    ["10.213.4.0/24", ["10.213.4.2", "10.213.4.4"], "10.213.4.254"],
    ["127.0.0.0/8", ["127.0.0.1", "127.0.0.2"], "127.255.255.254"],
    // A /29 whose hosts above the bridge are all taken: nothing left.
    ["198.51.100.8/29", ["198.51.100.10", "198.51.100.11", "198.51.100.12", "198.51.100.13", "198.51.100.14"], null],
    ["198.51.100.8/30", [], null],
    ["fd00:213::/64", [], null],
    ["not a subnet", [], null],
  ] as const)("%s without %j: %s", (subnet, taken, expected) => {
    expect(unusedAddress(subnet, taken)).toBe(expected);
  });
});
