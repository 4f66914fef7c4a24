import { describe, expect, it } from "vitest";
import { controlPortRanges } from "./control-port-ranges.js";

describe("controlPortRanges", () => {
  it("should forward the control port alone for plaintext, explicit FTPS and implicit FTPS on the control port", () => {
    expect(controlPortRanges({ controlPort: 21 })).toEqual([{ min: 21, max: 21 }]);
    expect(controlPortRanges({ controlPort: 21, tls: { mode: "explicit", required: false, hints: {} } })).toEqual([
      { min: 21, max: 21 },
    ]);
    expect(controlPortRanges({ controlPort: 990, tls: { mode: "implicit", required: true, hints: {} } })).toEqual([
      { min: 990, max: 990 },
    ]);
  });

  it("should forward an implicit FTPS port of its own beside the control port", () => {
    const tls = { mode: "implicit", required: false, port: 990, hints: {} } as const;
    expect(controlPortRanges({ controlPort: 21, tls })).toEqual([
      { min: 21, max: 21 },
      { min: 990, max: 990 },
    ]);
  });
});
