import { describe, expect, it } from "vitest";
import type { PeerCertificate } from "../agent/tls-protocol.js";
import { describeKey, longLifetimeDays, strengthFindings } from "./certificate-strength.js";

const SHA256_RSA = { algorithm: "sha256WithRSAEncryption", oid: "1.2.840.113549.1.1.11" };
const base: PeerCertificate = {
  subject: "CN=x",
  issuer: "CN=ca",
  subjectAltName: "IP Address:203.0.113.2",
  validFrom: "Jan  1 00:00:00 2026 GMT",
  validTo: "Jan  2 00:00:00 2026 GMT",
  fingerprint256: "AA",
  key: { type: "rsa", bits: 2048 },
  signature: SHA256_RSA,
};

describe("strengthFindings", () => {
  it.each<[string, Partial<PeerCertificate>, string[]]>([
    ["RSA 2048, SHA-256", {}, []],
    ["RSA 4096", { key: { type: "rsa", bits: 4096 } }, []],
    ["RSA 1024", { key: { type: "rsa", bits: 1024 } }, ["key too small"]],
    ["RSA 2047", { key: { type: "rsa", bits: 2047 } }, ["key too small"]],
    ["RSA-PSS 1024", { key: { type: "rsa-pss", bits: 1024 } }, ["key too small"]],
    ["EC P-256", { key: { type: "ec", bits: 256, curve: "prime256v1" } }, []],
    ["EC P-192", { key: { type: "ec", bits: 192, curve: "prime192v1" } }, ["key too small"]],
    ["Ed25519 (no size to judge)", { key: { type: "ed25519" } }, []],
    [
      "SHA-1 with RSA",
      { signature: { algorithm: "sha1WithRSAEncryption", oid: "1.2.840.113549.1.1.5" } },
      ["weak signature"],
    ],
    [
      "MD5 with RSA",
      { signature: { algorithm: "md5WithRSAEncryption", oid: "1.2.840.113549.1.1.4" } },
      ["weak signature"],
    ],
    ["ECDSA with SHA-1", { signature: { algorithm: "ecdsa-with-SHA1", oid: "1.2.840.10045.4.1" } }, ["weak signature"]],
    ["ECDSA with SHA-384", { signature: { algorithm: "ecdsa-with-SHA384", oid: "1.2.840.10045.4.3.3" } }, []],
    [
      "RSA 1024 and SHA-1",
      {
        key: { type: "rsa", bits: 1024 },
        signature: { algorithm: "sha1WithRSAEncryption", oid: "1.2.840.113549.1.1.5" },
      },
      ["key too small", "weak signature"],
    ],
    ["an older agent's answer without key or signature", { key: undefined, signature: undefined }, []],
  ])("should find in %s: %j", (_, fields, faults) => {
    expect(strengthFindings({ ...base, ...fields }).map((f) => f.fault)).toEqual(faults);
  });

  it("should say the size, the least size and the fix", () => {
    const [finding] = strengthFindings({ ...base, key: { type: "ec", bits: 192, curve: "prime192v1" } });
    expect(finding?.words).toBe("its key is EC 192 bits (prime192v1), below the 256 bits EC keys need");
    expect(finding?.fix).toContain("an EC key on P-256 or larger");
  });
});

describe("longLifetimeDays", () => {
  it.each<[string, Partial<PeerCertificate>, number | undefined]>([
    ["a day", {}, undefined],
    ["398 days", { validTo: "Feb  3 00:00:00 2027 GMT" }, undefined],
    ["399 days", { validTo: "Feb  4 00:00:00 2027 GMT" }, 399],
    ["no notBefore", { validFrom: undefined, validTo: "Jan  1 00:00:00 2036 GMT" }, undefined],
  ])("should tell %s", (_, fields, days) => {
    expect(longLifetimeDays({ ...base, ...fields })).toBe(days);
  });
});

describe("describeKey", () => {
  it("should name the type, the size and the curve", () => {
    expect(describeKey({ type: "ec", bits: 256, curve: "prime256v1" })).toBe("EC 256 bits (prime256v1)");
    expect(describeKey({ type: "ed25519" })).toBe("ED25519");
    expect(describeKey(undefined)).toBe("key not reported");
  });
});
