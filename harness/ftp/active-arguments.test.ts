import { describe, expect, it } from "vitest";
import { activeCommandLine, eprtArgument, portArgument } from "./active-arguments.js";

describe("active-mode arguments", () => {
  it.each([
    ["198.51.100.5", 30001, "198,51,100,5,117,49"],
    ["10.0.0.1", 80, "10,0,0,1,0,80"],
    ["127.0.0.1", 65535, "127,0,0,1,255,255"],
    ["203.0.113.9", 20, "203,0,113,9,0,20"],
  ])("PORT %s:%d -> %s", (host, port, argument) => {
    expect(portArgument(host, port)).toBe(argument);
  });

  it.each([
    ["203.0.113.9", 6446, "|1|203.0.113.9|6446|"],
    ["fd00:213::c", 40000, "|2|fd00:213::c|40000|"],
    ["::1", 21, "|2|::1|21|"],
  ])("EPRT %s:%d -> %s", (host, port, argument) => {
    expect(eprtArgument(host, port)).toBe(argument);
  });

  it("should write the whole command line", () => {
    expect(activeCommandLine("PORT", "198.51.100.12", 40001)).toBe("PORT 198,51,100,12,156,65");
    expect(activeCommandLine("EPRT", "198.51.100.12", 40001)).toBe("EPRT |1|198.51.100.12|40001|");
  });
});
