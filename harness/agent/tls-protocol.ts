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
  validTo: z.string(),
  fingerprint256: z.string(),
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
  certificate: PeerCertificateSchema.optional(),
  /** The certificate chains to the CA the request named. */
  trusted: z.boolean().optional(),
  /** Why it does not, in OpenSSL's words. */
  trustError: z.string().optional(),
  /** The certificate names the address the client dialled. */
  namesHost: z.boolean().optional(),
  /** The handshake resumed the session offered (a data connection resuming the control connection's). */
  resumed: z.boolean().optional(),
  elapsedMs: z.number(),
});
export type TlsHandshake = z.infer<typeof TlsHandshakeSchema>;

/** What the client offers: the CA to verify against, in PEM. */
export const tlsTrust = z
  .string()
  .min(1)
  .max(64 * 1024);
