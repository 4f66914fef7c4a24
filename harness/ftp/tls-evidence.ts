import type { TlsHandshake } from "../agent/tls-protocol.js";

/**
 * A TLS handshake as one line of evidence: protocol, cipher, certificate, trust (`ca` names the CA
 * the client trusted), dates, name, resumption. Pure.
 */
export function describeHandshake(handshake: TlsHandshake, ca = "the run's CA"): string {
  const took = `${handshake.elapsedMs} ms`;
  if (handshake.outcome === "pending") return `no handshake within ${took}`;
  if (handshake.outcome === "timeout") return `the handshake did not finish within ${took}`;
  if (handshake.outcome === "closed") return `the server closed the connection during the handshake (${took})`;
  if (handshake.outcome === "failed") return `the handshake failed: ${handshake.error ?? "unknown error"} (${took})`;
  const parts = [[handshake.protocol ?? "TLS", handshake.cipher, handshake.group].filter(Boolean).join(" ")];
  const shown = handshake.certificate;
  if (shown) {
    parts.push(
      `certificate '${shown.subject}' issued by '${shown.issuer}'${shown.subjectAltName ? ` for ${describeAltNames(shown.subjectAltName)}` : ""}`,
      (handshake.chainsToCa ?? handshake.trusted)
        ? `chains to ${ca}`
        : `does not chain to ${ca}${handshake.trustError ? ` (${handshake.trustError})` : ""}`,
      ...(handshake.validity === "expired" ? [`expired on ${shown.validTo}`] : []),
      ...(handshake.validity === "not-yet-valid" ? [`not valid before ${shown.validFrom ?? "now"}`] : []),
      handshake.namesHost ? "names the address dialled" : "does not name the address dialled",
    );
  } else parts.push("no certificate shown");
  parts.push(handshake.resumed ? "session resumed" : "new session", took);
  return parts.join("; ");
}

/** Names shown in full in a certificate's subjectAltName; past them, how many more. */
const ALT_NAMES_SHOWN = 6;

/**
 * A subjectAltName ("IP Address:10.0.0.1, DNS:ftp.example", as Node gives it) short enough for a
 * line of evidence: the first few names and how many more (an image's certificate may name hundreds). Pure.
 */
export function describeAltNames(subjectAltName: string): string {
  const names = subjectAltName.split(", ");
  if (names.length <= ALT_NAMES_SHOWN) return subjectAltName;
  return `${names.slice(0, ALT_NAMES_SHOWN).join(", ")} and ${names.length - ALT_NAMES_SHOWN} more names`;
}
