import { describe, expect, it } from "vitest";
import type { TlsHandshake } from "../agent/tls-protocol.js";
import { certificateFaults, rejectedCertificate } from "./certificate-verdict.js";
import type { TrustedCa } from "../tls/trusted-ca.js";

const RUN_CA: TrustedCa = { pem: "-", name: "the run's CA" };
const PROFILE_CA: TrustedCa = { pem: "-", name: "the profile's CA (tls.ca: ./ca.pem)" };

const accepted: TlsHandshake = {
  outcome: "secured",
  protocol: "TLSv1.3",
  cipher: "TLS_AES_256_GCM_SHA384",
  certificate: {
    subject: "CN=ftp-conformance server",
    issuer: "CN=ftp-conformance run CA 1a2b",
    subjectAltName: "IP Address:203.0.113.2",
    validFrom: "Jan  1 00:00:00 2020 GMT",
    validTo: "Jan  1 00:00:00 2030 GMT",
    fingerprint256: "AA:BB",
  },
  trusted: true,
  chainsToCa: true,
  validity: "current",
  namesHost: true,
  host: "203.0.113.2",
  resumed: false,
  elapsedMs: 12,
};
const untrusted = (error: string, fields: Partial<TlsHandshake> = {}): TlsHandshake => ({
  ...accepted,
  trusted: false,
  trustError: error,
  ...fields,
});

describe("certificateFaults", () => {
  it.each<[string, TlsHandshake, string[]]>([
    ["an accepted certificate", accepted, []],
    ["a resumed session (no certificate shown)", { ...accepted, certificate: undefined, resumed: true }, []],
    ["a handshake that failed", { outcome: "failed", error: "ECONNRESET", elapsedMs: 3 }, []],
    ["a self-signed one", untrusted("DEPTH_ZERO_SELF_SIGNED_CERT", { chainsToCa: false }), ["unknown CA"]],
    ["an expired one from the CA", untrusted("CERT_HAS_EXPIRED", { validity: "expired" }), ["expired"]],
    [
      "an expired self-signed one (OpenSSL names only the date)",
      untrusted("CERT_HAS_EXPIRED", { chainsToCa: false, validity: "expired" }),
      ["unknown CA", "expired"],
    ],
    ["one not yet valid", untrusted("CERT_NOT_YET_VALID", { validity: "not-yet-valid" }), ["not yet valid"]],
    ["one naming another address", { ...accepted, namesHost: false }, ["name mismatch"]],
    ["one OpenSSL refuses for another reason", untrusted("INVALID_PURPOSE"), ["not trusted"]],
    [
      "an older agent's answer without chainsToCa",
      untrusted("UNABLE_TO_VERIFY_LEAF_SIGNATURE", { chainsToCa: undefined }),
      ["unknown CA"],
    ],
  ])("should find in %s: %j", (_, handshake, faults) => {
    expect(certificateFaults(handshake, RUN_CA).map((f) => f.fault)).toEqual(faults);
  });
});

describe("rejectedCertificate", () => {
  it("should accept an accepted certificate", () => {
    expect(rejectedCertificate(accepted, RUN_CA, "the control connection")).toBeUndefined();
  });

  it("should say why, the fix and the cause for an unknown CA", () => {
    const rejected = rejectedCertificate(
      untrusted("DEPTH_ZERO_SELF_SIGNED_CERT", { chainsToCa: false }),
      RUN_CA,
      "the control connection",
    );
    expect(rejected?.observed).toBe(
      "the certificate 'CN=ftp-conformance server' on the control connection is one every verifying client " +
        "rejects: unknown CA (issued by 'CN=ftp-conformance run CA 1a2b', which does not chain to the run's CA " +
        "(DEPTH_ZERO_SELF_SIGNED_CERT))",
    );
    expect(rejected?.hint).toMatch(/^use the run's certificate: point the server at \{\{tlsCertificate\}\}/);
    expect(rejected?.hint).toContain("declare the CA that signed it with tls.ca");
    expect(rejected?.cause).toEqual({
      kind: "server-certificate-rejected",
      detail: expect.stringMatching(/^unknown CA: unknown CA \(issued by/) as unknown as string,
    });
  });

  it("should name the address dialled and the certificate's names on a mismatch", () => {
    const rejected = rejectedCertificate({ ...accepted, namesHost: false, host: "198.51.100.2" }, PROFILE_CA, "x");
    expect(rejected?.observed).toContain("name mismatch (names IP Address:203.0.113.2, not 198.51.100.2)");
    expect(rejected?.hint).toContain("a certificate whose subjectAltName names each address the client dials");
    expect(rejected?.cause.detail).toMatch(/^name mismatch: /);
  });

  it("should point a declared CA that does not fit at tls.ca", () => {
    const rejected = rejectedCertificate(
      untrusted("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", { chainsToCa: false }),
      PROFILE_CA,
      "x",
    );
    expect(rejected?.observed).toContain("does not chain to the profile's CA (tls.ca: ./ca.pem)");
    expect(rejected?.hint).toContain("declare in tls.ca the CA that signed the server's certificate");
  });
});
