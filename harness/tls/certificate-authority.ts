import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { nativeSigner } from "./native-signer.js";

/** A certificate and its private key, both PEM. */
export interface PemPair {
  certificatePem: string;
  keyPem: string;
}

/** A throwaway certificate authority: its PEM (what clients trust) and what it signs with. */
export interface CertificateAuthority extends PemPair {
  /** The subject's common name, which issued certificates name as their issuer. */
  commonName: string;
  certificate: forge.pki.Certificate;
  /** An intermediate's certificates (its own, then its issuer's up to the root's child), which a server sends after its own; empty for a root. */
  chainPem: string;
}

/** Certificates of a run outlive it by a day at most; an hour back covers a skewed container clock. */
const VALID_BEFORE_MS = 60 * 60 * 1000;
const VALID_FOR_MS = 24 * 60 * 60 * 1000;

/** An RSA key from Node's own crypto (native, ~0.1 s): its PEM, and its public half in node-forge's form; 2048 bits unless a self-test asks for another size. */
export function generateRsaKey(bits = 2048): { pem: string; publicKey: forge.pki.rsa.PublicKey } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  return { pem, publicKey: forge.pki.publicKeyFromPem(publicPem) as forge.pki.rsa.PublicKey };
}

/** A positive serial number, 16 random bytes. */
export function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.toString("hex");
}

export function validity(certificate: forge.pki.Certificate, now = Date.now()): void {
  certificate.validity.notBefore = new Date(now - VALID_BEFORE_MS);
  certificate.validity.notAfter = new Date(now + VALID_FOR_MS);
}

/**
 * A new CA, valid for a day: self-signed, able to sign server certificates only; or, for the
 * self-tests, one that may sign `intermediates` CAs below it, or an intermediate signed by `issuer`.
 */
export function createCertificateAuthority(
  commonName: string,
  options: { issuer?: CertificateAuthority; intermediates?: number } = {},
): CertificateAuthority {
  const key = generateRsaKey();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = key.publicKey;
  certificate.serialNumber = randomSerial();
  validity(certificate);
  const subject = [
    { name: "commonName", value: commonName },
    { name: "organizationName", value: "ftp-conformance" },
  ];
  const { issuer } = options;
  certificate.setSubject(subject);
  certificate.setIssuer(issuer ? issuer.certificate.subject.attributes : subject);
  certificate.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: options.intermediates ?? 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  certificate.sign(nativeSigner(issuer ? issuer.keyPem : key.pem), forge.md.sha256.create());
  const certificatePem = forge.pki.certificateToPem(certificate);
  return {
    commonName,
    certificate,
    certificatePem,
    keyPem: key.pem,
    chainPem: issuer ? `${certificatePem}${issuer.chainPem}` : "",
  };
}

let runAuthority: CertificateAuthority | undefined;

/**
 * The run's CA: made once per process on first use and never written to the repository. Server
 * certificates the harness puts into server containers are signed by it, and the agent and the
 * real clients are told to trust it.
 */
export function runCertificateAuthority(): CertificateAuthority {
  runAuthority ??= createCertificateAuthority(`ftp-conformance run CA ${randomBytes(4).toString("hex")}`);
  return runAuthority;
}
