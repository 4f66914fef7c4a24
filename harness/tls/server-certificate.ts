import forge from "node-forge";
import {
  generateRsaKey,
  randomSerial,
  validity,
  type CertificateAuthority,
  type PemPair,
} from "./certificate-authority.js";
import { subjectAltNames } from "./subject-alt-names.js";

/** The common name of every server certificate the harness issues. */
export const SERVER_COMMON_NAME = "ftp-conformance server";

let serverKey: ReturnType<typeof generateRsaKey> | undefined;
const issued = new Map<string, PemPair>();

/**
 * A server certificate signed by `authority` naming every address (or name) in `names`: each way
 * the client reaches the server, since a certificate cannot cover addresses by wildcard. One key
 * per process; one certificate per CA, set of names and dates. The self-tests also ask for one
 * "self-signed" (as an image that brings its own certificate has) and for other `dates` (valid
 * for the run otherwise).
 */
export function issueServerCertificate(
  authority: CertificateAuthority | "self-signed",
  names: readonly string[],
  dates?: { notBefore: Date; notAfter: Date },
): PemPair {
  const altNames = subjectAltNames(names);
  if (altNames.length === 0) throw new Error("a server certificate needs at least one address or name");
  const issuer = authority === "self-signed" ? authority : authority.commonName;
  const cacheKey = `${issuer}|${JSON.stringify(altNames)}|${dates ? `${+dates.notBefore}-${+dates.notAfter}` : ""}`;
  const known = issued.get(cacheKey);
  if (known) return known;
  serverKey ??= generateRsaKey();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = serverKey.publicKey;
  certificate.serialNumber = randomSerial();
  validity(certificate);
  if (dates) {
    certificate.validity.notBefore = dates.notBefore;
    certificate.validity.notAfter = dates.notAfter;
  }
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
  certificate.sign(authority === "self-signed" ? serverKey.forgeKey : authority.privateKey, forge.md.sha256.create());
  const pair = { certificatePem: forge.pki.certificateToPem(certificate), keyPem: serverKey.pem };
  issued.set(cacheKey, pair);
  return pair;
}
