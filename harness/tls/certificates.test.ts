import { X509Certificate, createPrivateKey } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { createCertificateAuthority, runCertificateAuthority } from "./certificate-authority.js";
import { SERVER_COMMON_NAME, issueServerCertificate } from "./server-certificate.js";
import { SERVER_CERTIFICATE_PATH, SERVER_KEY_PATH, serverTlsFiles } from "./server-tls-files.js";

describe("run certificates", () => {
  it("should issue a server certificate that the CA verifies, naming every address", () => {
    const authority = createCertificateAuthority("test CA");
    const pair = issueServerCertificate(authority, ["203.0.113.2", "198.51.100.3", "ftp.example.org"]);
    const ca = new X509Certificate(authority.certificatePem);
    const server = new X509Certificate(pair.certificatePem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.subject).toContain(`CN=${SERVER_COMMON_NAME}`);
    expect(server.issuer).toContain("CN=test CA");
    expect(server.checkIP("203.0.113.2")).toBe("203.0.113.2");
    expect(server.checkIP("198.51.100.3")).toBe("198.51.100.3");
    expect(server.checkIP("198.51.100.4")).toBeUndefined();
    expect(server.checkHost("ftp.example.org")).toBe("ftp.example.org");
    expect(server.checkPrivateKey(createPrivateKey(pair.keyPem))).toBe(true);
    expect(new Date(server.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it.each(["sha1", "md5"] as const)("should sign with %s when a self-test asks, verifiable by the CA", (digest) => {
    const authority = createCertificateAuthority("weak digest CA");
    const pair = issueServerCertificate(authority, ["127.0.0.1"], { digest });
    const server = forge.pki.certificateFromPem(pair.certificatePem);
    expect(forge.pki.oids[server.signatureOid]).toBe(`${digest}WithRSAEncryption`);
    expect(authority.certificate.verify(server)).toBe(true);
  });

  it("should not verify against another run's CA", () => {
    const pair = issueServerCertificate(createCertificateAuthority("one"), ["127.0.0.1"]);
    const other = new X509Certificate(createCertificateAuthority("two").certificatePem);
    expect(new X509Certificate(pair.certificatePem).verify(other.publicKey)).toBe(false);
  });

  it("should refuse a certificate that names nothing", () => {
    expect(() => issueServerCertificate(runCertificateAuthority(), [" "])).toThrow(/at least one address/);
  });

  it("should give the files at the placeholders' paths, signed by the run's CA", () => {
    const files = serverTlsFiles(["127.0.0.1"]);
    expect(files.map((f) => f.path)).toEqual([SERVER_CERTIFICATE_PATH, SERVER_KEY_PATH]);
    const certificate = new X509Certificate(files[0]?.content ?? "");
    expect(certificate.checkIssued(new X509Certificate(runCertificateAuthority().certificatePem))).toBe(true);
  });
});
