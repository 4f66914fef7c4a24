import { describe, expect, it } from "vitest";
import { listedProtocols } from "./parse-protocol-list.js";

describe("listedProtocols", () => {
  it.each([
    ["522 Network protocol not supported, use (1)", [1]],
    ["522 Network protocol not supported, use (1,2)", [1, 2]],
    ["522 Network protocol not supported (use 2).", [2]],
    ["522 Protocol not supported, use (1, 2)", [1, 2]],
    ["522 (sorry) use (2)", [2]],
    ["522 Bad network protocol.", null],
    ["522 Network protocol not supported (IPv4 only)", null],
    ["522 Network protocol not supported, use (1,)", null],
    ["522 use ()", null],
  ])("should read %j as %j", (text, expected) => {
    expect(listedProtocols(text)).toEqual(expected);
  });
});
