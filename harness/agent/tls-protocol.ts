/**
 * The TLS parts of the agent protocol (harness/agent/agent-protocol.ts): what a handshake on a
 * control or data connection showed. One zod definition for both ends.
 */
import * as z from "zod";

/** The server's certificate as the client saw it. */
export const PeerCertificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** e.g. "IP Address:203.0.113.2, DNS:ftp.example.org"; empty when none. */
  subjectAltName: z.string(),
  /** OpenSSL's form, e.g. "Jan  1 00:00:00 2030 GMT". */
  validFrom: z.string().optional(),
  validTo: z.string(),
  fingerprint256: z.string(),
  /** Its public key: "rsa" 2048, "ec" 256 on "prime256v1" ... (X509Certificate's publicKey). */
  key: z.object({ type: z.string(), bits: z.number().optional(), curve: z.string().optional() }).optional(),
  /** The algorithm its issuer signed it with: OpenSSL's name where known ("sha256WithRSAEncryption"), and its OID. */
  signature: z.object({ algorithm: z.string(), oid: z.string() }).optional(),
});
export type PeerCertificate = z.infer<typeof PeerCertificateSchema>;

/** How a TLS handshake ended, and what it showed when it completed. */
export const TlsHandshakeSchema = z.object({
  outcome: z.enum(["secured", "failed", "timeout", "closed", "pending"]),
  /** The TLS or socket error when it failed (e.g. "ECONNRESET", an OpenSSL alert). */
  error: z.string().optional(),
  /** "TLSv1.3", "TLSv1.2" ... */
  protocol: z.string().optional(),
  cipher: z.string().optional(),
  /** The key exchange group, e.g. "X25519", "DH 2048" (Node's getEphemeralKeyInfo). */
  group: z.string().optional(),
  certificate: PeerCertificateSchema.optional(),
  /** OpenSSL accepted the chain to the CA the request named: the chain, its signatures and every date. */
  trusted: z.boolean().optional(),
  /** Why it did not, in OpenSSL's words (only one reason: a date error hides an unknown CA). */
  trustError: z.string().optional(),
  /** The chain leads to the CA the request named, dates aside (OpenSSL's verdict, else X509Certificate's checkIssued and verify). */
  chainsToCa: z.boolean().optional(),
  /** The server certificate's dates against the client's clock. */
  validity: z.enum(["current", "expired", "not-yet-valid"]).optional(),
  /** The certificate names the address the client dialled (or the host name it asked for, when it named one). */
  namesHost: z.boolean().optional(),
  /** The address (or host name) the certificate's names were matched against: the one dialled, or the name asked for. */
  host: z.string().optional(),
  /** The handshake resumed the session offered (a data connection resuming the control connection's). */
  resumed: z.boolean().optional(),
  elapsedMs: z.number(),
});
export type TlsHandshake = z.infer<typeof TlsHandshakeSchema>;

/**
 * The TLS versions a client can be pinned to (minVersion = maxVersion), in Node's words. The two
 * below 1.2 are only offered to find out whether a server offers nothing newer (RFC 8996).
 */
export const TlsVersionSchema = z.enum(["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]);
export type TlsVersion = z.infer<typeof TlsVersionSchema>;

/**
 * A host name the client uses for the server (a scenario's public name): sent as SNI and matched
 * against the certificate instead of the address dialled, as a client that dialled the name does.
 */
export const tlsServerName = z.string().min(1).max(253).optional();

/** What the client offers: the CA to verify against, in PEM. */
export const tlsTrust = z
  .string()
  .min(1)
  .max(64 * 1024);

/**
 * Which TLS session a data connection offers for resumption: the control connection's ("control",
 * as most clients do, the same every time), or the newest one the server issued in the session
 * ("newest": under TLS 1.3 each data connection's own ticket, as RFC 8446 appendix C.4 asks of clients).
 */
export const DataSessionOfferSchema = z.enum(["control", "newest"]);
export type DataSessionOffer = z.infer<typeof DataSessionOfferSchema>;
