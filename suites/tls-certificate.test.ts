import { describe, expect, it } from "vitest";
import type { TargetTls } from "../harness/targets/target-spec.js";
import { createCertificateAuthority, runCertificateAuthority } from "../harness/tls/certificate-authority.js";
import { issueServerCertificate } from "../harness/tls/server-certificate.js";
import { runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { reply, settings } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";
import { tlsCertificate } from "./tls-certificate.js";

const EXPLICIT: TargetTls = { mode: "explicit", required: false, hints: {} };
const withTls = (tls: TargetTls = EXPLICIT, options: FakeRunOptions = {}): FakeRunOptions => ({
  ...options,
  target: { ...options.target, tls },
});

const LOOPBACK = ["127.0.0.1", "127.0.0.2"];
const DAY_MS = 24 * 60 * 60 * 1000;
const RUN_CA = runCertificateAuthority();
/** The faults, each alone: a certificate from the run's CA otherwise right. */
const SMALL_KEY = issueServerCertificate(RUN_CA, LOOPBACK, { keyBits: 1024 });
const SHA1 = issueServerCertificate(RUN_CA, LOOPBACK, { digest: "sha1" });
const MD5 = issueServerCertificate(RUN_CA, LOOPBACK, { digest: "md5" });
const WRONG_NAME = issueServerCertificate(RUN_CA, ["192.0.2.99", "ftp.example.org"]);
const EXPIRED = issueServerCertificate(RUN_CA, LOOPBACK, {
  notBefore: new Date(Date.now() - 3 * DAY_MS),
  notAfter: new Date(Date.now() - DAY_MS),
});
const NOT_YET_VALID = issueServerCertificate(RUN_CA, LOOPBACK, {
  notBefore: new Date(Date.now() + DAY_MS),
  notAfter: new Date(Date.now() + 3 * DAY_MS),
});
const IMAGE_OWN = issueServerCertificate("self-signed", LOOPBACK);
const LONG_LIVED = issueServerCertificate(RUN_CA, LOOPBACK, {
  notBefore: new Date(Date.now() - DAY_MS),
  notAfter: new Date(Date.now() + 825 * DAY_MS),
});
/** Correct but unusual: a chain through an intermediate CA to a root the profile declares (tls.ca). */
const ROOT = createCertificateAuthority("test root CA", { intermediates: 1 });
const INTERMEDIATE = createCertificateAuthority("test intermediate CA", { issuer: ROOT });
const THROUGH_INTERMEDIATE = issueServerCertificate(INTERMEDIATE, ["127.0.0.1"]);
const ROOT_DECLARED: TargetTls = { ...EXPLICIT, ca: { file: "./root-ca.pem", pem: ROOT.certificatePem } };
/** Names the host name only (and another address): right where the client dials the name. */
const BY_NAME_ONLY = issueServerCertificate(RUN_CA, ["ftp.dns-name.test", "192.0.2.7"]);
const BY_NAME = { network: { publicName: { name: "ftp.dns-name.test", earlierAddresses: [] } } };

describe("tls.certificate", () => {
  const agents = localAgents();
  const run = (certificate?: Parameters<typeof settings.tls>[0], tls?: TargetTls, options?: FakeRunOptions) =>
    runAgainstFake(agents, tlsCertificate, { sets: [settings.tls(certificate)] }, withTls(tls, options));

  it("should pass the run's certificate, with its key size and signature algorithm in the evidence", async () => {
    const [result] = await run();
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(
      /^certificate 'CN=ftp-conformance server, O=ftp-conformance' issued by 'CN=ftp-conformance run CA \w+, O=ftp-conformance' for IP Address:127\.0\.0\.1, IP Address:127\.0\.0\.2, DNS:localhost, valid .+ to .+, RSA 2048 bits, signed with sha256WithRSAEncryption; chains to the run's CA; names the address 127\.0\.0\.1$/,
    );
  });

  it("should pass a chain through an intermediate CA to the root the profile declares", async () => {
    const [result] = await run({ certificate: THROUGH_INTERMEDIATE }, ROOT_DECLARED);
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("issued by 'CN=test intermediate CA");
    expect(result?.observed).toContain("chains to the profile's CA (tls.ca: ./root-ca.pem)");
  });

  it("should check the host name where the scenario has one, not the address dialled", async () => {
    const [byName] = await run({ certificate: BY_NAME_ONLY }, EXPLICIT, BY_NAME);
    expect(byName?.verdict).toBe("pass");
    expect(byName?.observed).toContain("names the host name ftp.dns-name.test");
    // The same certificate where the client dials the address: it does not name 127.0.0.1.
    const [byAddress] = await run({ certificate: BY_NAME_ONLY });
    expect(byAddress?.verdict).toBe("fail");
    expect(byAddress?.observed).toContain(
      "(1) name mismatch: names DNS:ftp.dns-name.test, IP Address:192.0.2.7, not 127.0.0.1",
    );
  });

  it("should fail, where the client dials a name, a certificate naming only the address", async () => {
    const addressOnly = issueServerCertificate(RUN_CA, LOOPBACK);
    const [result] = await run({ certificate: addressOnly }, EXPLICIT, BY_NAME);
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain(
      "(1) name mismatch: names IP Address:127.0.0.1, IP Address:127.0.0.2, not ftp.dns-name.test",
    );
    expect(result?.hint).toContain(
      "(1) give the image a certificate whose subjectAltName names the host name ftp.dns-name.test",
    );
  });

  it("should note a lifetime over 398 days as advice, not a failure", async () => {
    const [result] = await run({ certificate: LONG_LIVED });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/; advisory: valid for 82[56] days, longer than the 398/);
  });

  it.each([
    [
      "a 1024-bit RSA key",
      SMALL_KEY,
      "key too small: its key is RSA 1024 bits, below the 2048 bits",
      "server-certificate-weak",
    ],
    ["a SHA-1 signature", SHA1, "weak signature: it is signed with sha1WithRSAEncryption", "server-certificate-weak"],
    ["an MD5 signature", MD5, "weak signature: it is signed with md5WithRSAEncryption", "server-certificate-weak"],
    [
      "another address's name",
      WRONG_NAME,
      "name mismatch: names IP Address:192.0.2.99, DNS:ftp.example.org, not 127.0.0.1",
      "server-certificate-rejected",
    ],
    ["an expired one", EXPIRED, "expired: expired on", "server-certificate-rejected"],
    ["one not yet valid", NOT_YET_VALID, "not yet valid: not valid before", "server-certificate-rejected"],
    [
      "an image's own self-signed one",
      IMAGE_OWN,
      "unknown CA: issued by 'CN=ftp-conformance server",
      "server-certificate-rejected",
    ],
  ])("should fail %s with its finding, its fix and its cause", async (_, certificate, finding, cause) => {
    const [result] = await run({ certificate, weakCertificate: true });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain(`; (1) ${finding}`);
    expect(result?.observed).not.toContain("(2)");
    expect(result?.hint).toMatch(/^use the run's certificate: point the server at \{\{tlsCertificate\}\}/);
    expect(result?.hint).toContain("; or (1) ");
    expect(result?.cause?.kind).toBe(cause);
  });

  it("should name every finding of a certificate with several faults, each with its fix", async () => {
    const worst = issueServerCertificate("self-signed", ["192.0.2.99"], { keyBits: 1024, digest: "sha1" });
    const [result] = await run({ certificate: worst, weakCertificate: true });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(
      /; \(1\) unknown CA: .*; \(2\) name mismatch: .*; \(3\) key too small: .*; \(4\) weak signature: /,
    );
    expect(result?.hint).toMatch(
      /\(1\) for an image .*tls\.ca.*; or \(2\) give the image .*; or \(3\) issue it on an RSA key .*; or \(4\) have it signed with SHA-256/,
    );
    expect(result?.cause?.kind).toBe("server-certificate-rejected");
    expect(result?.cause?.detail).toContain("weak signature (it is signed with sha1WithRSAEncryption");
  });

  it("should fail over implicit TLS too", async () => {
    const [result] = await runAgainstFake(
      agents,
      tlsCertificate,
      { sets: [settings.tls({ implicit: true, certificate: SMALL_KEY })] },
      withTls({ mode: "implicit", required: true, hints: {} }),
    );
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("(1) key too small");
  });

  it("should be inconclusive when AUTH TLS is refused: no certificate was shown", async () => {
    const [result] = await runAgainstFake(
      agents,
      tlsCertificate,
      { sets: [settings.tls()], handlers: { AUTH: reply("502 no TLS here") } },
      withTls(),
    );
    expectSkip(result, "inconclusive", "AUTH TLS got '502 no TLS here', so no certificate was shown (tls.auth)");
  });

  it("should not apply without tls in the profile", async () => {
    const [result] = await runAgainstFake(agents, tlsCertificate, {});
    expectSkip(result, "not-applicable", "the target's profile declares no tls");
  });
});
