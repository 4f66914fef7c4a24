import type { X509Certificate } from "node:crypto";
import forge from "node-forge";
import type { PeerCertificate } from "../tls-protocol.js";

/**
 * The certificate's public key as Node tells it: its type, its size in bits (an RSA or DSA
 * modulus; an EC key's curve size, which the legacy object gives as `bits`) and its curve.
 */
export function keyOf(x509: X509Certificate): NonNullable<PeerCertificate["key"]> {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? "unknown";
  const bits = details.modulusLength ?? x509.toLegacyObject().bits;
  return {
    type,
    ...(typeof bits === "number" && bits > 0 ? { bits } : {}),
    ...(details.namedCurve ? { curve: details.namedCurve } : {}),
  };
}

/** The ECDSA signature OIDs (RFC 5758 section 3.2, RFC 3279 section 2.2.3), which node-forge does not name. */
const ECDSA_NAMES: Readonly<Record<string, string>> = {
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
};

/**
 * The algorithm the issuer signed the certificate with: RFC 5280 section 4.1.1.2's
 * signatureAlgorithm, the second field of the Certificate SEQUENCE, read with node-forge's ASN.1
 * decoder (Node 20's X509Certificate does not expose it). Undefined when it cannot be read.
 */
export function signatureOf(x509: X509Certificate): PeerCertificate["signature"] {
  try {
    const certificate = forge.asn1.fromDer(forge.util.createBuffer(x509.raw.toString("binary")));
    const algorithm = (certificate.value as forge.asn1.Asn1[])[1];
    const oidField = (algorithm?.value as forge.asn1.Asn1[] | undefined)?.[0];
    if (!oidField || typeof oidField.value !== "string") return undefined;
    const oid = forge.asn1.derToOid(oidField.value);
    const forgeName = (forge.pki.oids as Record<string, string | undefined>)[oid];
    return { algorithm: ECDSA_NAMES[oid] ?? forgeName ?? oid, oid };
  } catch {
    return undefined;
  }
}
