import { describe, expect, it } from "vitest";
import { AllowList } from "./allow-list.js";
import { chooseListenAddress, type InterfaceAddress } from "./listen-address.js";

const CONTAINER: InterfaceAddress[] = [
  { address: "127.0.0.1", cidr: "127.0.0.1/8", family: "IPv4" },
  { address: "::1", cidr: "::1/128", family: "IPv6" },
  { address: "198.51.100.12", cidr: "198.51.100.12/29", family: "IPv4" },
  { address: "fd00:213::c", cidr: "fd00:213::c/64", family: "IPv6" },
];
const TOPOLOGY = AllowList.parse(["198.51.100.8/29", "10.213.4.0/24", "fd00:213::/64"]);
const LOOPBACK = AllowList.parse(["127.0.0.0/8"]);

describe("chooseListenAddress", () => {
  it.each([
    ["the interface address inside the topology", TOPOLOGY, undefined, {}, "198.51.100.12", "198.51.100.8/29"],
    ["IPv6 when asked", TOPOLOGY, undefined, { family: "6" }, "fd00:213::c", "fd00:213::/64"],
    ["a requested own address", TOPOLOGY, undefined, { address: "198.51.100.12" }, "198.51.100.12", "198.51.100.8/29"],
    ["loopback in the self-tests", LOOPBACK, undefined, {}, "127.0.0.1", "127.0.0.0/8"],
    ["a --bind alias the interfaces do not list", LOOPBACK, "127.0.0.2", {}, "127.0.0.2", null],
  ] as const)("%s", (_, allowed, bind, wanted, address, subnet) => {
    expect(chooseListenAddress(CONTAINER, allowed, bind, wanted)).toEqual({ address, subnet });
  });

  it.each([
    ["an address of another host", { address: "198.51.100.13" }],
    ["an own address outside the topology", { address: "127.0.0.1" }],
    ["a name", { address: "localhost" }],
  ])("should refuse %s", (_, wanted) => {
    expect(chooseListenAddress(CONTAINER, TOPOLOGY, undefined, wanted)).toBeNull();
  });

  it("should find nothing when no interface lies in the topology", () => {
    expect(chooseListenAddress(CONTAINER, AllowList.parse(["10.0.0.0/8"]), undefined, {})).toBeNull();
  });
});
