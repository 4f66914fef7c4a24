import { describe, expect, it } from "vitest";
import { versionOfVariant, versionRefused, versionWords } from "./tls-versions.js";

describe("versionOfVariant", () => {
  it.each([
    ["tls1.3", "TLSv1.3"],
    ["tls1.2", "TLSv1.2"],
    ["pasv-tls1.2", "TLSv1.2"],
    ["epsv-tls1.3", "TLSv1.3"],
    ["tls1.0", "TLSv1"],
    ["pasv", undefined],
    [undefined, undefined],
  ])("should read %s as %s", (variant, version) => {
    expect(versionOfVariant(variant)).toBe(version);
  });
});

describe("versionWords", () => {
  it("should say TLS 1.0 for TLSv1", () => {
    expect([versionWords("TLSv1"), versionWords("TLSv1.3")]).toEqual(["TLS 1.0", "TLS 1.3"]);
  });
});

describe("versionRefused", () => {
  it.each([
    ["ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", true],
    ["ERR_SSL_UNSUPPORTED_PROTOCOL", true],
    ["ECONNRESET", false],
    ["ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", false],
  ])("should take %s as a version refusal: %s", (error, refused) => {
    expect(versionRefused({ outcome: "failed", error, elapsedMs: 1 })).toBe(refused);
  });

  it("should not take a secured handshake as one", () => {
    expect(versionRefused({ outcome: "secured", elapsedMs: 1 })).toBe(false);
  });
});
