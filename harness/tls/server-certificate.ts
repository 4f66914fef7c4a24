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
 * per process; one certificate per CA and set of names.
 */
export function issueServerCertificate(authority: CertificateAuthority, names: readonly string[]): PemPair {
  const altNames = subjectAltNames(names);
  if (altNames.length === 0) throw new Error("a server certificate needs at least one address or name");
  const cacheKey = `${authority.commonName}|${JSON.stringify(altNames)}`;
  const known = issued.get(cacheKey);
  if (known) return known;
  serverKey ??= generateRsaKey();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = serverKey.publicKey;
  certificate.serialNumber = randomSerial();
  validity(certificate);
  certificate.setSubject([
    { name: "commonName", value: SERVER_COMMON_NAME },
    { name: "organizationName", value: "ftp-conformance" },
  ]);
  certificate.setIssuer(authority.certificate.subject.attributes);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    { name: "subjectAltName", altNames },
  ]);
  certificate.sign(authority.privateKey, forge.md.sha256.create());
  const pair = { certificatePem: forge.pki.certificateToPem(certificate), keyPem: serverKey.pem };
  issued.set(cacheKey, pair);
  return pair;
}
