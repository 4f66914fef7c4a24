import { describe, expect, it } from "vitest";
import { tlsDataRefused } from "./real-clients.js";

describe("tlsDataRefused: a 522 in a TLS client's log", () => {
  it.each([
    ["curl", "< 522 SSL connection failed: session reuse required"],
    ["lftp", "<--- 522 SSL connection failed: session reuse required"],
    ["ftplib", "*resp* '522 SSL connection failed: session reuse required'"],
  ])("should find %s's", (_client, line) => {
    const cause = tlsDataRefused(`> RETR big.bin\n${line}\nexit`);
    expect(cause?.kind).toBe("tls-data-connection-refused");
    expect(cause?.detail).toContain("522 SSL connection failed");
  });

  it("should find nothing in a log without a 522 reply (a 522 elsewhere in a line is not one)", () => {
    expect(tlsDataRefused("< 425 Can't open data connection\nconnect to port 522 failed")).toBeUndefined();
  });
});
