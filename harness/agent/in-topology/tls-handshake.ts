import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { PeerCertificate, TlsHandshake } from "../tls-protocol.js";
import { keyOf, signatureOf } from "./certificate-algorithms.js";

/**
 * How a TLS client handshake ends: secured (with what it showed), failed (the error), closed, or
 * still not done after `timeoutMs`. `host` is the address dialled, or the host name the client
 * asked for (SNI), for the name check; `ca` the PEM the client trusts, for the chain check.
 */
export function awaitHandshake(socket: TLSSocket, host: string, ca: string, timeoutMs: number): Promise<TlsHandshake> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Omit<TlsHandshake, "elapsedMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => settle({ outcome: "timeout" }), timeoutMs);
    socket.once("secureConnect", () => settle(describeSecured(socket, host, ca)));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      settle({ outcome: "failed", error: error.code ?? error.message }),
    );
    socket.once("close", () => settle({ outcome: "closed" }));
  });
}

/**
 * What a completed handshake showed: protocol, cipher, the certificate, and what a verifying
 * client would say of it: whether OpenSSL accepted its chain to `ca`; whether it chains there
 * whatever OpenSSL refused it for (its dates, which OpenSSL reports over an unknown CA; a SHA-1
 * signature or a small key its security level refuses), by names and signatures; whether its dates
 * hold now; and whether it names `host`.
 */
export function describeSecured(socket: TLSSocket, host: string, ca: string): Omit<TlsHandshake, "elapsedMs"> {
  const chain = peerChain(socket);
  const x509 = chain[0];
  const signature = x509 && signatureOf(x509);
  const certificate: PeerCertificate | undefined = x509 && {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    subjectAltName: x509.subjectAltName ?? "",
    validFrom: x509.validFrom,
    validTo: x509.validTo,
    fingerprint256: x509.fingerprint256,
    key: keyOf(x509),
    ...(signature ? { signature } : {}),
  };
  const error = socket.authorizationError ? String(socket.authorizationError) : undefined;
  return {
    outcome: "secured",
    ...(socket.getProtocol() ? { protocol: socket.getProtocol() as string } : {}),
    cipher: socket.getCipher().name,
    ...groupOf(socket),
    // A resumed session shows no certificate: there is nothing to trust or match then.
    ...(x509 && certificate
      ? {
          certificate,
          trusted: socket.authorized,
          ...(error ? { trustError: error } : {}),
          chainsToCa: socket.authorized || (error !== undefined && issuedUnder(chain, ca)),
          validity: validityNow(x509),
          namesHost: (isIP(host) ? x509.checkIP(host) : x509.checkHost(host)) !== undefined,
          host,
        }
      : {}),
    resumed: socket.isSessionReused(),
  };
}

/** The key exchange group the handshake used ("X25519", "DH 2048"), when Node tells it. */
function groupOf(socket: TLSSocket): { group?: string } {
  const key = socket.getEphemeralKeyInfo();
  if (!key || !("type" in key)) return {};
  const group = key.name ?? (key.size ? `${key.type} ${key.size}` : key.type);
  return group ? { group } : {};
}

/** The certificates the server showed, leaf first, with the issuers OpenSSL found; empty on a resumed session. */
function peerChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    chain.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return chain;
}

/** Some certificate of `chain` is one of `ca`'s or is signed by one (checkIssued and verify: names and signature). */
function issuedUnder(chain: readonly X509Certificate[], ca: string): boolean {
  const anchors = (ca.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).flatMap((pem) => {
    try {
      return [new X509Certificate(pem)];
    } catch {
      return [];
    }
  });
  return chain.some((shown) =>
    anchors.some(
      (anchor) =>
        anchor.fingerprint256 === shown.fingerprint256 || (shown.checkIssued(anchor) && shown.verify(anchor.publicKey)),
    ),
  );
}

/** The certificate's dates against this host's clock. */
function validityNow(x509: X509Certificate): "current" | "expired" | "not-yet-valid" {
  const now = Date.now();
  if (Date.parse(x509.validTo) < now) return "expired";
  if (Date.parse(x509.validFrom) > now) return "not-yet-valid";
  return "current";
}

/** An X.509 name ("CN=a\nO=b") on one line. */
const oneLine = (name: string) => name.split("\n").filter(Boolean).join(", ");
