import type { PeerCertificate } from "../agent/tls-protocol.js";

/** What is wrong with a certificate's cryptography, as opposed to whom it names or trusts. */
export type StrengthFault = "key too small" | "weak signature";

/** A fault in the certificate's key or signature, its evidence and its fix. */
export interface StrengthFinding {
  fault: StrengthFault;
  words: string;
  fix: string;
}

/**
 * The smallest key of each type a certificate may carry: RSA (and DSA) 2048 bits (NIST SP 800-131A
 * Rev. 2 section 3, Table 2: below 112 bits of security disallowed for signatures; CA/Browser Forum
 * Baseline Requirements section 6.1.5), EC 256 bits (the Baseline Requirements' P-256, P-384, P-521).
 */
export const MIN_KEY_BITS: Readonly<Record<string, number>> = { rsa: 2048, "rsa-pss": 2048, dsa: 2048, ec: 256 };

/**
 * Signature algorithms on MD2, MD4, MD5 or SHA-1, which no verifying client should accept: RFC 6151
 * section 2 (MD5), RFC 9155 section 2 (MD5 and SHA-1 signatures in TLS 1.2), NIST SP 800-131A
 * Rev. 2 section 9 (SHA-1 disallowed for signature generation), Baseline Requirements section 7.1.3.2.
 */
export const WEAK_SIGNATURE_OIDS: ReadonlySet<string> = new Set([
  "1.2.840.113549.1.1.2", // md2WithRSAEncryption
  "1.2.840.113549.1.1.3", // md4WithRSAEncryption
  "1.2.840.113549.1.1.4", // md5WithRSAEncryption
  "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
  "1.3.14.3.2.29", // sha1WithRSASignature (OIW)
  "1.2.840.10040.4.3", // dsa-with-sha1
  "1.2.840.10045.4.1", // ecdsa-with-SHA1
]);

/** The longest lifetime the Baseline Requirements (section 6.3.2) allow a publicly trusted server certificate. */
export const MAX_PUBLIC_LIFETIME_DAYS = 398;

const DAY_MS = 24 * 60 * 60 * 1000;

/** "RSA 2048 bits", "EC 256 bits (prime256v1)", "ED25519": the key as evidence. */
export function describeKey(key: PeerCertificate["key"]): string {
  if (!key) return "key not reported";
  const size = key.bits ? ` ${key.bits} bits` : "";
  return `${key.type.toUpperCase()}${size}${key.curve ? ` (${key.curve})` : ""}`;
}

/**
 * The key-size and signature-algorithm faults of a certificate the server showed; empty when both
 * are strong enough, or when the agent did not report them (no fault is made up). Pure.
 */
export function strengthFindings(certificate: PeerCertificate): StrengthFinding[] {
  const findings: StrengthFinding[] = [];
  const { key, signature } = certificate;
  const least = key ? MIN_KEY_BITS[key.type] : undefined;
  if (key?.bits !== undefined && least !== undefined && key.bits < least) {
    findings.push({
      fault: "key too small",
      words: `its key is ${describeKey(key)}, below the ${least} bits ${key.type.toUpperCase()} keys need`,
      fix: "issue it on an RSA key of 2048 bits or more, or an EC key on P-256 or larger",
    });
  }
  if (signature && WEAK_SIGNATURE_OIDS.has(signature.oid)) {
    findings.push({
      fault: "weak signature",
      words: `it is signed with ${signature.algorithm}, a hash clients no longer accept in signatures`,
      fix: "have it signed with SHA-256 or stronger (sha256WithRSAEncryption, ecdsa-with-SHA256)",
    });
  }
  return findings;
}

/**
 * Its lifetime in whole days when longer than publicly trusted certificates may be, else
 * undefined: advisory only, since a private CA (as an FTP server's often is) is not bound by it. Pure.
 */
export function longLifetimeDays(certificate: PeerCertificate): number | undefined {
  if (!certificate.validFrom) return undefined;
  const days = Math.floor((Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / DAY_MS);
  return Number.isFinite(days) && days > MAX_PUBLIC_LIFETIME_DAYS ? days : undefined;
}
