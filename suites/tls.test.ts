import { describe, expect, it } from "vitest";
import type { TargetTls } from "../harness/targets/target-spec.js";
import { runCertificateAuthority } from "../harness/tls/certificate-authority.js";
import { issueServerCertificate } from "../harness/tls/server-certificate.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { PRIVATE_SIDE, runAgainstFake } from "../harness/testing/fake-environment.js";
import type { FakeTlsBehaviour } from "../harness/testing/fake-tls.js";
import { runUnderTls, type UnderTlsOptions } from "../harness/testing/run-under-tls.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { stoppedOnTheWay } from "../harness/testing/local-agent.js";
import {
  tlsAddressThroughNat,
  tlsAlgBlind,
  tlsAuth,
  tlsForeignRefused,
  tlsProtP,
  tlsRequired,
  tlsSessionReuse,
} from "./tls.js";
import { faults, reply } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

const EXPLICIT: TargetTls = { mode: "explicit", required: false, hints: { sessionReuse: "fake_tls_reuse=yes" } };
const verdicts = (results: Array<{ variant?: string; verdict: string }>) =>
  results.map((r) => (r.variant ? [r.variant, r.verdict] : r.verdict));

/** Certificates real clients reject: an image's own self-signed one, one naming another address, one expired. */
const LOOPBACK = ["127.0.0.1", "127.0.0.2"];
const DAY_MS = 24 * 60 * 60 * 1000;
const IMAGE_OWN = issueServerCertificate("self-signed", LOOPBACK);
const WRONG_NAME = issueServerCertificate(runCertificateAuthority(), ["192.0.2.99", "ftp.example.org"]);
const EXPIRED = issueServerCertificate(runCertificateAuthority(), LOOPBACK, {
  notBefore: new Date(Date.now() - 3 * DAY_MS),
  notAfter: new Date(Date.now() - DAY_MS),
});
const NOT_YET_VALID = issueServerCertificate(runCertificateAuthority(), LOOPBACK, {
  notBefore: new Date(Date.now() + DAY_MS),
  notAfter: new Date(Date.now() + 3 * DAY_MS),
});
const IMPLICIT: TargetTls = { mode: "implicit", required: true, hints: {} };
/** The profile declares the image's own certificate as its CA (tls.ca). */
const DECLARED: TargetTls = { ...EXPLICIT, ca: { file: "./image-ca.pem", pem: IMAGE_OWN.certificatePem } };
/** The fix every certificate failure names: the run's certificate through the placeholders. */
const USE_RUN_CERTIFICATE = "point the server at {{tlsCertificate}} and {{tlsKey}} in the profile";

describe("tls checks", () => {
  const agents = localAgents();
  /** `check`'s results against a fake speaking FTPS as `tls` says, the profile declaring EXPLICIT unless told. */
  const underTls = (check: CheckDefinition, tls?: FakeTlsBehaviour, options: UnderTlsOptions = {}) =>
    runUnderTls(agents, check, tls, { profile: EXPLICIT, ...options });

  describe("tls.auth", () => {
    it("should pass at each version with the certificate, its issuer, the version, cipher and group in the evidence", async () => {
      const results = await underTls(tlsAuth);
      expect(verdicts(results)).toEqual([
        ["tls1.2", "pass"],
        ["tls1.3", "pass"],
      ]);
      expect(results[0]?.observed).toMatch(/234 AUTH TLS successful'; TLSv1\.2 ECDHE-\S+ X25519; certificate/);
      expect(results[1]?.observed).toMatch(
        /TLSv1\.3 TLS_AES_\S+ X25519; certificate 'CN=.*issued by 'CN=ftp-conformance run CA/,
      );
    });

    it.each([
      ["TLSv1.2", "tls1.3", "TLS 1.3", "TLS 1.2"],
      ["TLSv1.3", "tls1.2", "TLS 1.2", "TLS 1.3"],
    ] as const)(
      "should not apply the variant a server offering only %s does not offer",
      async (only, variant, missing, offered) => {
        const results = await underTls(tlsAuth, { versions: { min: only, max: only } });
        const skippedOne = results.find((result) => result.variant === variant);
        expectSkip(skippedOne, "not-applicable", new RegExp(`the server does not offer ${missing}:`));
        expect(skippedOne?.observed).toContain(`it offers ${offered}`);
        expect(results.find((result) => result.variant !== variant)?.verdict).toBe("pass");
      },
    );

    it("should fail both versions when the server offers only TLS 1.0 and 1.1, naming them", async () => {
      const results = await underTls(tlsAuth, { versions: { min: "TLSv1", max: "TLSv1.1" } });
      expect(verdicts(results)).toEqual([
        ["tls1.2", "fail"],
        ["tls1.3", "fail"],
      ]);
      expect(results[0]?.observed).toContain("the server offers neither TLS 1.2 nor TLS 1.3");
      expect(results[0]?.observed).toContain("it offers only TLS 1.1 and TLS 1.0, deprecated by RFC 8996");
      expect(results[0]?.hint).toContain("offer TLS 1.2 and TLS 1.3");
    });

    it("should pass over implicit TLS", async () => {
      const [result] = await underTls(tlsAuth, { implicit: true }, { profile: IMPLICIT });
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toMatch(/^implicit TLS at 127\.0\.0\.1:\d+: TLSv1\./);
    });

    it("should fail when AUTH TLS is refused", async () => {
      const [result] = await underTls(tlsAuth, { authReply: "504 not today" });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("AUTH TLS got '504 not today'");
    });

    it("should fail when the server answers 234 but never speaks TLS", async () => {
      const [result] = await runAgainstFake(
        agents,
        tlsAuth,
        { handlers: { AUTH: reply("234 go ahead") } },
        { target: { tls: EXPLICIT } },
      );
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toMatch(/234, then the handshake (did not finish|failed)/);
    });

    it("should not apply without tls in the profile", async () => {
      const [result] = await runAgainstFake(agents, tlsAuth, {});
      expectSkip(result, "not-applicable", "the target's profile declares no tls");
    });

    it("should fail an image's own self-signed certificate, naming the reason and the fix", async () => {
      const [result] = await underTls(tlsAuth, { certificate: IMAGE_OWN });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("is one every verifying client rejects: unknown CA (issued by");
      expect(result?.observed).toContain("which does not chain to the run's CA (DEPTH_ZERO_SELF_SIGNED_CERT)");
      expect(result?.observed).not.toContain("login under TLS");
      expect(result?.hint).toContain(USE_RUN_CERTIFICATE);
      expect(result?.hint).toContain("declare the CA that signed it with tls.ca");
    });

    it("should fail it over implicit TLS too", async () => {
      const [result] = await underTls(tlsAuth, { implicit: true, certificate: IMAGE_OWN }, { profile: IMPLICIT });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("unknown CA");
    });

    it("should pass the image's own certificate once the profile declares it as its CA", async () => {
      const [result] = await underTls(tlsAuth, { certificate: IMAGE_OWN }, { profile: DECLARED });
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toContain("chains to the profile's CA (tls.ca: ./image-ca.pem); names the address");
    });

    it("should fail a certificate the declared CA did not sign", async () => {
      const [result] = await underTls(tlsAuth, {}, { profile: DECLARED });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("does not chain to the profile's CA (tls.ca: ./image-ca.pem)");
      expect(result?.hint).toContain("declare in tls.ca the CA that signed the server's certificate");
    });

    it("should fail a certificate from the run's CA that names another address", async () => {
      const [result] = await underTls(tlsAuth, { certificate: WRONG_NAME });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain(
        "name mismatch (names IP Address:192.0.2.99, DNS:ftp.example.org, not 127.0.0.1)",
      );
      expect(result?.observed).not.toContain("unknown CA");
      expect(result?.hint).toContain(USE_RUN_CERTIFICATE);
    });

    it("should fail an expired certificate from the run's CA, as expired and nothing else", async () => {
      const [result] = await underTls(tlsAuth, { certificate: EXPIRED });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toMatch(/rejects: expired \(expired on [A-Z][a-z]{2} /);
      expect(result?.observed).not.toMatch(/unknown CA|name mismatch/);
    });

    it("should fail a certificate not yet valid", async () => {
      const [result] = await underTls(tlsAuth, { certificate: NOT_YET_VALID });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("rejects: not yet valid (not valid before");
    });

    it("should name both faults of an expired self-signed certificate (OpenSSL reports only the date)", async () => {
      const expiredOwn = issueServerCertificate("self-signed", LOOPBACK, {
        notBefore: new Date(Date.now() - 3 * DAY_MS),
        notAfter: new Date(Date.now() - DAY_MS),
      });
      const [result] = await underTls(tlsAuth, { certificate: expiredOwn });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("rejects: unknown CA (");
      expect(result?.observed).toContain("; expired (expired on");
    });
  });

  describe("tls.prot-p", () => {
    it("should not apply TLS 1.2 against a server offering only TLS 1.3, and transfer under TLS 1.3 there", async () => {
      const results = await underTls(tlsProtP, { requireReuse: true, versions: { min: "TLSv1.3", max: "TLSv1.3" } });
      expect(results.map((result) => [result.variant, result.verdict, result.skipKind])).toEqual([
        ["pasv-tls1.2", "not-applicable", "not-applicable"],
        ["pasv-tls1.3", "pass", undefined],
        ["epsv-tls1.2", "not-applicable", "not-applicable"],
        ["epsv-tls1.3", "pass", undefined],
      ]);
      expect(results[1]?.observed).toContain("first data connection: TLSv1.3");
    });

    it("should transfer under TLS 1.2 when the control connection is pinned to it", async () => {
      const results = await underTls(tlsProtP, { requireReuse: true, versions: { min: "TLSv1.2", max: "TLSv1.2" } });
      expect(verdicts(results)).toEqual([
        ["pasv-tls1.2", "pass"],
        ["pasv-tls1.3", "not-applicable"],
        ["epsv-tls1.2", "pass"],
        ["epsv-tls1.3", "not-applicable"],
      ]);
      expect(results[0]?.observed).toMatch(/first data connection: TLSv1\.2 .*session resumed/);
    });

    it("should fail against a server offering only TLS 1.0 and 1.1", async () => {
      const results = await underTls(tlsProtP, { versions: { min: "TLSv1", max: "TLSv1.1" } });
      expect(results.map((result) => result.verdict)).toEqual(["fail", "fail", "fail", "fail"]);
      expect(results[0]?.observed).toContain("it offers only TLS 1.1 and TLS 1.0");
    });

    it("should pass over PASV and EPSV", async () => {
      const results = await underTls(tlsProtP, { requireReuse: true });
      expect(verdicts(results)).toEqual([
        ["pasv-tls1.2", "pass"],
        ["pasv-tls1.3", "pass"],
        ["epsv-tls1.2", "pass"],
        ["epsv-tls1.3", "pass"],
      ]);
      expect(results[0]?.observed).toContain("session resumed");
    });

    it("should fail when downloads over TLS are corrupt", async () => {
      const results = await underTls(tlsProtP, {}, { also: { sets: [faults.corruptDownloads] } });
      expect(verdicts(results)).toEqual([
        ["pasv-tls1.2", "fail"],
        ["pasv-tls1.3", "fail"],
        ["epsv-tls1.2", "fail"],
        ["epsv-tls1.3", "fail"],
      ]);
      expect(results[0]?.observed).toContain("over TLS");
    });

    it("should fail when PROT P is refused", async () => {
      const results = await underTls(tlsProtP, {}, { also: { handlers: { PROT: reply("534 no") } } });
      expect(results[0]?.verdict).toBe("fail");
      expect(results[0]?.observed).toContain("PROT P got '534 no', expected 200");
    });

    it("should not be decided behind the FTP helper", async () => {
      const [result] = await underTls(tlsProtP, {}, { scenario: "nat-alg" });
      expectSkip(result, "not-applicable", /behind the FTP helper/);
    });

    it("should fail the data channel under an image's own self-signed certificate, naming the reason and the fix", async () => {
      const results = await underTls(tlsProtP, { requireReuse: true, certificate: IMAGE_OWN });
      expect(verdicts(results)).toEqual([
        ["pasv-tls1.2", "fail"],
        ["pasv-tls1.3", "fail"],
        ["epsv-tls1.2", "fail"],
        ["epsv-tls1.3", "fail"],
      ]);
      expect(results[0]?.observed).toContain(
        "on the data connection for empty.bin (resuming the control connection's TLS session) is one every " +
          "verifying client rejects: unknown CA",
      );
      expect(results[0]?.hint).toContain(USE_RUN_CERTIFICATE);
    });

    it("should fail the data channel under a certificate naming another address", async () => {
      const results = await underTls(tlsProtP, { certificate: WRONG_NAME });
      expect(results[0]?.verdict).toBe("fail");
      expect(results[0]?.observed).toContain("name mismatch");
    });

    it("should pass the image's own certificate once the profile declares it as its CA", async () => {
      const results = await underTls(tlsProtP, { requireReuse: true, certificate: IMAGE_OWN }, { profile: DECLARED });
      expect(verdicts(results)).toEqual([
        ["pasv-tls1.2", "pass"],
        ["pasv-tls1.3", "pass"],
        ["epsv-tls1.2", "pass"],
        ["epsv-tls1.3", "pass"],
      ]);
    });
  });

  describe("tls.address-through-nat", () => {
    it("should pass when the 227 under TLS names the public address", async () => {
      const [result] = await underTls(tlsAddressThroughNat, {}, { scenario: "nat" });
      expect(result?.verdict).toBe("pass");
    });

    it("should fail when the 227 under TLS names a private address", async () => {
      const [result] = await underTls(
        tlsAddressThroughNat,
        { pasvAddressUnderTls: "192.168.7.7" },
        { scenario: "nat", network: PRIVATE_SIDE },
      );
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("names 192.168.7.7");
      expect(result?.hint).toBe("set fake_public_address=127.0.0.1");
    });

    it("should not apply where the server is not told its public address", async () => {
      const [result] = await underTls(tlsAddressThroughNat, {}, { scenario: "nat-unadvertised" });
      expectSkip(result, "not-applicable", /only in NAT scenarios/);
    });
  });

  describe("tls.alg-blind", () => {
    const NAT_ALG: UnderTlsOptions = { scenario: "nat-alg", network: PRIVATE_SIDE };

    it("should fail by the helper's blindness when under TLS the 227 names the private address", async () => {
      const [result] = await underTls(tlsAlgBlind, { pasvAddressUnderTls: "192.168.7.7" }, NAT_ALG);
      // Deterministic: the scenario's expected cause (helper-blind-under-tls) is met, so xfail and nothing else.
      expect(result?.verdict).toBe("xfail");
      expect(result?.observed).toContain("under TLS the 227 named 192.168.7.7");
      expect(result?.hint).toContain("forward the passive range");
    });

    it("should pass when the server advertises a reachable address itself", async () => {
      const [result] = await underTls(tlsAlgBlind, {}, NAT_ALG);
      expect(result?.verdict).toBe("pass");
    });

    it("should be inconclusive when plaintext PASV fails too", async () => {
      const [result] = await underTls(
        tlsAlgBlind,
        { pasvAddressUnderTls: "192.168.7.7" },
        { ...NAT_ALG, also: { sets: [faults.pasvAddress("192.168.7.7")] } },
      );
      expect(result?.verdict).toBe("skipped");
      expectSkip(result, "inconclusive", /a plaintext PASV LIST through the helper failed too/);
    });

    it("should only apply behind the FTP helper", async () => {
      const [result] = await underTls(tlsAlgBlind);
      expectSkip(result, "not-applicable", "only behind the kernel FTP helper (nat-alg)");
    });
  });

  describe("tls.session-reuse", () => {
    it("should pass and say resumption is required when a fresh session gets 522", async () => {
      const [result] = await underTls(tlsSessionReuse, { requireReuse: true });
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toContain("'522 SSL connection failed: session reuse required'");
      expect(result?.observed).toContain("must resume the control connection's TLS session");
      expect(result?.observed).toContain("fake_tls_reuse=yes");
    });

    it("should pass and say resumption is not required when a fresh session transfers", async () => {
      const [result] = await underTls(tlsSessionReuse);
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toContain("need not resume");
    });

    it("should fail when a fresh session is dropped without a reply", async () => {
      const [result] = await underTls(tlsSessionReuse, { requireReuse: true, refuseReuseSilently: true });
      expect(result?.verdict).toBe("info");
      expect(result?.hint).toContain("do not leave it hanging");
    });
  });

  describe("tls.required", () => {
    const required: TargetTls = { mode: "explicit", required: true, hints: { required: "fake_tls_required=yes" } };

    it("should pass when a TLS-only server refuses USER in plaintext", async () => {
      const [result] = await underTls(tlsRequired, { required: true }, { profile: required });
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toContain("530");
    });

    it("should fail when a server declared TLS-only logs in in plaintext", async () => {
      const [result] = await underTls(tlsRequired, {}, { profile: required });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("logged in with the password sent in plaintext");
      expect(result?.hint).toBe("fake_tls_required=yes");
    });

    it("should not apply where the profile does not declare it", async () => {
      const [result] = await underTls(tlsRequired);
      expectSkip(result, "not-applicable", "the target's profile does not declare tls.required");
    });
  });

  describe("tls.foreign-refused", () => {
    it("should pass when the server refuses the intruder's TLS data connection", async () => {
      const [result] = await underTls(tlsForeignRefused);
      expect(result?.verdict).toBe("pass");
    });

    it("should fail when the server hands the TLS data channel to a foreign host", async () => {
      const [result] = await underTls(tlsForeignRefused, {}, { also: { sets: [faults.promiscuous] } });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("over TLS to a host that is not the client");
      expect(result?.hint).toContain("fake_promiscuous=off");
    });

    it("should not pass a server that serves any host when the network stopped the intruder (no plain TCP probe pass)", async () => {
      const stopped = { ...agents, intruder: stoppedOnTheWay(agents.intruder) };
      const [result] = await runUnderTls(
        stopped,
        tlsForeignRefused,
        {},
        { profile: EXPLICIT, also: { sets: [faults.promiscuous] } },
      );
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        /the intruder's dial to the advertised 127\.0\.0\.1:\d+ \(EPSV\): connection refused, while the client's plain TCP dial connected: a server cannot refuse/,
      );
    });

    it("should not pass a server that serves any host when RETR is refused (550)", async () => {
      const [result] = await underTls(
        tlsForeignRefused,
        {},
        { also: { sets: [faults.promiscuous], handlers: { RETR: reply("550 no such file") } } },
      );
      expect(result?.verdict).toBe("skipped");
      expectSkip(result, "inconclusive", /RETR one-mib\.bin got '550 no such file' before any transfer/);
    });

    it("should say how the intruder's own TLS handshake went", async () => {
      const [lax] = await underTls(tlsForeignRefused, {}, { also: { sets: [faults.promiscuous] } });
      expect(lax?.observed).toMatch(
        /^the intruder connected, was closed after \d+ ms \(its TLS handshake completed, TLSv1\.[23]\), and received 1048576 bytes/,
      );
      const [good] = await underTls(tlsForeignRefused);
      expect(good?.observed).toMatch(
        /^the intruder connected, was (closed|reset) after \d+ ms \((closed before its TLS handshake began|the server closed it during its TLS handshake|its TLS handshake failed: .*)\), and received 0 bytes; .*'425 Security: Bad IP connecting\.': the server closed the intruder's connection and refused it$/,
      );
    });

    it("should pass when session reuse keeps a promiscuous server from serving the intruder", async () => {
      const [result] = await underTls(
        tlsForeignRefused,
        { requireReuse: true },
        { also: { sets: [faults.promiscuous] } },
      );
      expect(result?.verdict).toBe("pass");
    });
  });
});
