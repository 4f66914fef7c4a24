import { describe, expect, it } from "vitest";
import { captureFilter } from "./capture-filter.js";

describe("captureFilter", () => {
  it("should keep every packet when asked for all", () => {
    expect(captureFilter("all", [21])).toBe("");
  });

  it("should keep the control ports whole, small frames, and SYN, FIN and RST of both families", () => {
    expect(captureFilter("control-and-headers", [21, 990, 21])).toBe(
      "tcp port 21 or tcp port 990 or less 512 or (ip and tcp[13] & 7 != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 7 != 0)",
    );
  });
});
