import { describe, expect, it } from "vitest";
import { describeAltNames, describeHandshake } from "./tls-evidence.js";

const secured = {
  outcome: "secured" as const,
  protocol: "TLSv1.3",
  cipher: "TLS_AES_256_GCM_SHA384",
  certificate: {
    subject: "CN=ftp-conformance server, O=ftp-conformance",
    issuer: "CN=ftp-conformance run CA 1a2b",
    subjectAltName: "IP Address:203.0.113.2",
    validTo: "Jan  1 00:00:00 2030 GMT",
    fingerprint256: "AA:BB",
  },
  trusted: true,
  namesHost: true,
  resumed: false,
  elapsedMs: 12,
};

describe("describeHandshake", () => {
  it.each([
    [
      secured,
      "TLSv1.3 TLS_AES_256_GCM_SHA384; certificate 'CN=ftp-conformance server, O=ftp-conformance' issued by " +
        "'CN=ftp-conformance run CA 1a2b' for IP Address:203.0.113.2; chains to the run's CA; names the address " +
        "dialled; new session; 12 ms",
    ],
    [
      { ...secured, trusted: false, trustError: "SELF_SIGNED_CERT_IN_CHAIN", namesHost: false, resumed: true },
      "does not chain to the run's CA (SELF_SIGNED_CERT_IN_CHAIN); does not name the address dialled; session resumed",
    ],
    [
      {
        outcome: "secured" as const,
        protocol: "TLSv1.3",
        cipher: "TLS_AES_256_GCM_SHA384",
        resumed: true,
        elapsedMs: 2,
      },
      "TLSv1.3 TLS_AES_256_GCM_SHA384; no certificate shown; session resumed; 2 ms",
    ],
    [
      { ...secured, trusted: false, trustError: "CERT_HAS_EXPIRED", chainsToCa: true, validity: "expired" as const },
      "chains to the run's CA; expired on Jan  1 00:00:00 2030 GMT; names the address dialled",
    ],
    [
      { ...secured, trusted: false, trustError: "CERT_HAS_EXPIRED", chainsToCa: false, validity: "expired" as const },
      "does not chain to the run's CA (CERT_HAS_EXPIRED); expired on Jan  1 00:00:00 2030 GMT",
    ],
    [{ ...secured, group: "X25519" }, "TLSv1.3 TLS_AES_256_GCM_SHA384 X25519; certificate"],
    [{ outcome: "failed" as const, error: "ECONNRESET", elapsedMs: 3 }, "the handshake failed: ECONNRESET (3 ms)"],
    [{ outcome: "closed" as const, elapsedMs: 3 }, "the server closed the connection during the handshake (3 ms)"],
    [{ outcome: "timeout" as const, elapsedMs: 2000 }, "the handshake did not finish within 2000 ms"],
    [{ outcome: "pending" as const, elapsedMs: 500 }, "no handshake within 500 ms"],
  ])("should describe %j", (handshake, text) => {
    expect(describeHandshake(handshake)).toContain(text);
  });

  it("should name the CA the client trusted", () => {
    expect(describeHandshake(secured, "the profile's CA (tls.ca: ./ca.pem)")).toContain(
      "chains to the profile's CA (tls.ca: ./ca.pem)",
    );
  });
});

describe("a certificate's names in the evidence", () => {
  it("should show a few names in full and count the rest", () => {
    const many = Array.from({ length: 512 }, (_, i) => `IP Address:198.51.${100 + (i >> 8)}.${i & 255}`).join(", ");
    const described = describeAltNames(many);
    expect(described).toMatch(/^IP Address:198\.51\.100\.0, .*IP Address:198\.51\.100\.5 and 506 more names$/);
    expect(describeAltNames("IP Address:10.0.0.1, DNS:ftp.example")).toBe("IP Address:10.0.0.1, DNS:ftp.example");
  });
});
