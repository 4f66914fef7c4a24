import { describe, expect, it } from "vitest";
import { eprtArgument, portArgument } from "./active-arguments.js";

describe("active-mode arguments", () => {
  it("should write PORT and EPRT arguments", () => {
    expect(portArgument("198.51.100.5", 30001)).toBe("198,51,100,5,117,49");
    expect(portArgument("10.0.0.1", 80)).toBe("10,0,0,1,0,80");
    expect(eprtArgument("203.0.113.9", 6446)).toBe("|1|203.0.113.9|6446|");
  });
});
