import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runCertificateAuthority } from "../../tls/certificate-authority.js";
import { issueServerCertificate } from "../../tls/server-certificate.js";
import { keyOf, signatureOf } from "./certificate-algorithms.js";

/** A self-signed certificate on a P-256 key, signed ecdsa-with-SHA256 (made with openssl req; its dates do not matter here). */
const EC_P256 = `-----BEGIN CERTIFICATE-----
MIIBejCCAR+gAwIBAgIUTFBkuqooT5smFS+sDCqp1u0J9zcwCgYIKoZIzj0EAwIw
EjEQMA4GA1UEAwwHZWMgdGVzdDAeFw0yNjEyMDYwNjI5NTBaFw0yNjEyMDcwNjI5
NTBaMBIxEDAOBgNVBAMMB2VjIHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
AAQ0mDrE8NxNsj6VbfYK9lpm2yPhCTXReRkCfe0O0/QxqXQn5wFdo0ZgDcA630Nz
qoT/nxdTrZ0gBGMhmMFO0GFyo1MwUTAdBgNVHQ4EFgQUuI0/6b03tTV36wjVpAXq
+oQ2unQwHwYDVR0jBBgwFoAUuI0/6b03tTV36wjVpAXq+oQ2unQwDwYDVR0TAQH/
BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAusrcmmk1dY1zw03PlXDlZjCKYIVW
cKc7/97cuC+524ECIQDr/rXW2/2W/cI0orEi+XMY+f4XkXwLzdsxjGkxmbyRlQ==
-----END CERTIFICATE-----
`;

const issued = (options: Parameters<typeof issueServerCertificate>[2]) =>
  new X509Certificate(issueServerCertificate(runCertificateAuthority(), ["127.0.0.1"], options).certificatePem);

describe("keyOf", () => {
  it.each([
    ["an RSA 2048 key", issued({}), { type: "rsa", bits: 2048 }],
    ["an RSA 1024 key", issued({ keyBits: 1024 }), { type: "rsa", bits: 1024 }],
    ["an EC key on P-256", new X509Certificate(EC_P256), { type: "ec", bits: 256, curve: "prime256v1" }],
  ])("should tell %s", (_, certificate, key) => {
    expect(keyOf(certificate)).toEqual(key);
  });
});

describe("signatureOf", () => {
  it.each([
    ["SHA-256 with RSA", issued({}), { algorithm: "sha256WithRSAEncryption", oid: "1.2.840.113549.1.1.11" }],
    ["SHA-1 with RSA", issued({ digest: "sha1" }), { algorithm: "sha1WithRSAEncryption", oid: "1.2.840.113549.1.1.5" }],
    ["MD5 with RSA", issued({ digest: "md5" }), { algorithm: "md5WithRSAEncryption", oid: "1.2.840.113549.1.1.4" }],
    [
      "ECDSA with SHA-256",
      new X509Certificate(EC_P256),
      { algorithm: "ecdsa-with-SHA256", oid: "1.2.840.10045.4.3.2" },
    ],
  ])("should name %s", (_, certificate, signature) => {
    expect(signatureOf(certificate)).toEqual(signature);
  });
});
