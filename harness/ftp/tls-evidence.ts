import type { TlsHandshake } from "../agent/tls-protocol.js";

/** A TLS handshake as one line of evidence: protocol, cipher, certificate, trust, resumption. Pure. */
export function describeHandshake(handshake: TlsHandshake): string {
  const took = `${handshake.elapsedMs} ms`;
  if (handshake.outcome === "pending") return `no handshake within ${took}`;
  if (handshake.outcome === "timeout") return `the handshake did not finish within ${took}`;
  if (handshake.outcome === "closed") return `the server closed the connection during the handshake (${took})`;
  if (handshake.outcome === "failed") return `the handshake failed: ${handshake.error ?? "unknown error"} (${took})`;
  const certificate = handshake.certificate
    ? `certificate '${handshake.certificate.subject}' issued by '${handshake.certificate.issuer}'` +
      (handshake.certificate.subjectAltName ? ` for ${handshake.certificate.subjectAltName}` : "")
    : "no certificate";
  const trust = handshake.trusted
    ? "chains to the run's CA"
    : `does not chain to the run's CA${handshake.trustError ? ` (${handshake.trustError})` : ""}`;
  return [
    `${handshake.protocol ?? "TLS"} ${handshake.cipher ?? ""}`.trim(),
    certificate,
    trust,
    handshake.namesHost ? "names the address dialled" : "does not name the address dialled",
    handshake.resumed ? "session resumed" : "new session",
    took,
  ].join("; ");
}
