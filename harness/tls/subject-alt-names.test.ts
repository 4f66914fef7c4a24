import { describe, expect, it } from "vitest";
import { subjectAltNames } from "./subject-alt-names.js";

describe("subjectAltNames", () => {
  it.each([
    [["203.0.113.2"], [{ type: 7, ip: "203.0.113.2" }]],
    [
      ["203.0.113.2", "10.0.0.3"],
      [
        { type: 7, ip: "203.0.113.2" },
        { type: 7, ip: "10.0.0.3" },
      ],
    ],
    [["203.0.113.2", " 203.0.113.2 "], [{ type: 7, ip: "203.0.113.2" }]],
    [["::ffff:127.0.0.1", "127.0.0.1"], [{ type: 7, ip: "127.0.0.1" }]],
    [["2001:db8::1"], [{ type: 7, ip: "2001:db8::1" }]],
    [["FTP.Example.org", "ftp.example.org"], [{ type: 2, value: "ftp.example.org" }]],
    // Not an address literal: a name, never an IP entry.
    [["127.1"], [{ type: 2, value: "127.1" }]],
    [["", "  "], []],
  ])("should name %j as %j", (names, expected) => {
    expect(subjectAltNames(names)).toEqual(expected);
  });
});
