import { describe, expect, it } from "vitest";
import { maskSecrets, Transcript } from "./transcript.js";

describe("Transcript", () => {
  it("should mask passwords", () => {
    expect(maskSecrets("PASS hunter2")).toBe("PASS ****");
    expect(maskSecrets("pass  hunter2 with spaces")).toBe("pass  ****");
    expect(maskSecrets("ACCT secret")).toBe("ACCT ****");
    expect(maskSecrets("USER ftpuser")).toBe("USER ftpuser");
  });

  it("should bound what a hostile server can put in it", () => {
    const transcript = new Transcript();
    transcript.server(["x".repeat(100000)]);
    for (let i = 0; i < 1000; i++) transcript.note(`line ${i}`);
    expect(transcript.entries[0]?.text.length).toBeLessThan(600);
    expect(transcript.entries.length).toBeLessThanOrEqual(401);
    expect(transcript.entries.at(-1)?.text).toBe("(transcript cut)");
  });
});
