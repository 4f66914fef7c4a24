import { describe, expect, it } from "vitest";
import { AllowList } from "./allow-list.js";

describe("AllowList", () => {
  const allowed = AllowList.parse(["10.213.4.0/24", "198.51.100.16/28", "fd00:213::/64"]);

  it.each([
    ["10.213.4.3", null],
    ["198.51.100.30", null],
    ["fd00:213::5", null],
    ["::ffff:10.213.4.3", null],
    ["198.51.100.32", "outside-topology"],
    ["8.8.8.8", "outside-topology"],
    ["fd00:214::5", "outside-topology"],
    ["::1", "outside-topology"],
    ["example.com", "not-an-address"],
    ["10.213.4", "not-an-address"],
    ["", "not-an-address"],
  ])("%j: %s", (host, refusal) => {
    expect(allowed.refusal(host)).toBe(refusal);
  });

  it("allows nothing when empty", () => {
    expect(AllowList.parse([]).refusal("127.0.0.1")).toBe("outside-topology");
  });

  it("rejects an entry that is not a CIDR, naming it", () => {
    expect(() => AllowList.parse(["10.0.0.0/8", "10.0.0.1"])).toThrow("'10.0.0.1' is not a CIDR");
  });
});
