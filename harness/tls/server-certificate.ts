import forge from "node-forge";
import {
  generateRsaKey,
  randomSerial,
  validity,
  type CertificateAuthority,
  type PemPair,
} from "./certificate-authority.js";
import { nativeSigner } from "./native-signer.js";
import { subjectAltNames } from "./subject-alt-names.js";

/** The common name of every server certificate the harness issues. */
export const SERVER_COMMON_NAME = "ftp-conformance server";

/**
 * How a self-test's certificate differs from the run's: other dates; a key of another size; another
 * digest for the issuer's signature (native-signer.ts pads the digest itself, so SHA-1 and MD5 work
 * whatever OpenSSL's hash policy allows).
 */
export interface CertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  digest?: "sha256" | "sha1" | "md5";
}

/** One key per size and process. */
const serverKeys = new Map<number, ReturnType<typeof generateRsaKey>>();
const issued = new Map<string, PemPair>();

/**
 * A server certificate signed by `authority` naming every address (or name) in `names`: each way
 * the client reaches the server, since a certificate cannot cover addresses by wildcard. One key
 * per process and size; one certificate per CA, set of names and options. The self-tests also ask
 * for one "self-signed" (as an image that brings its own certificate has) and for other `options`
 * (valid for the run, a 2048-bit RSA key and SHA-256 otherwise). Under an intermediate CA the
 * certificate's PEM carries the intermediates after it, as a server sends them.
 */
export function issueServerCertificate(
  authority: CertificateAuthority | "self-signed",
  names: readonly string[],
  options: CertificateOptions = {},
): PemPair {
  const altNames = subjectAltNames(names);
  if (altNames.length === 0) throw new Error("a server certificate needs at least one address or name");
  const issuer = authority === "self-signed" ? authority : authority.commonName;
  const cacheKey = `${issuer}|${JSON.stringify(altNames)}|${JSON.stringify(options)}`;
  const known = issued.get(cacheKey);
  if (known) return known;
  const bits = options.keyBits ?? 2048;
  const serverKey = serverKeys.get(bits) ?? generateRsaKey(bits);
  serverKeys.set(bits, serverKey);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = serverKey.publicKey;
  certificate.serialNumber = randomSerial();
  validity(certificate);
  if (options.notBefore) certificate.validity.notBefore = options.notBefore;
  if (options.notAfter) certificate.validity.notAfter = options.notAfter;
  const subject = [
    { name: "commonName", value: SERVER_COMMON_NAME },
    { name: "organizationName", value: authority === "self-signed" ? "an image's own" : "ftp-conformance" },
  ];
  certificate.setSubject(subject);
  certificate.setIssuer(authority === "self-signed" ? subject : authority.certificate.subject.attributes);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
  ]);
  certificate.sign(
    nativeSigner(authority === "self-signed" ? serverKey.pem : authority.keyPem),
    forge.md[options.digest ?? "sha256"].create(),
  );
  const chain = authority === "self-signed" ? "" : authority.chainPem;
  const pair = { certificatePem: `${forge.pki.certificateToPem(certificate)}${chain}`, keyPem: serverKey.pem };
  issued.set(cacheKey, pair);
  return pair;
}
