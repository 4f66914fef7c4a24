import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import type { PeerCertificate, TlsHandshake } from "../tls-protocol.js";

/**
 * How a TLS client handshake ends: secured (with what it showed), failed (the error), closed, or
 * still not done after `timeoutMs`. `host` is the address dialled, for the name check.
 */
export function awaitHandshake(socket: TLSSocket, host: string, timeoutMs: number): Promise<TlsHandshake> {
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
    socket.once("secureConnect", () => settle(describeSecured(socket, host)));
    socket.once("error", (error: NodeJS.ErrnoException) =>
      settle({ outcome: "failed", error: error.code ?? error.message }),
    );
    socket.once("close", () => settle({ outcome: "closed" }));
  });
}

/** What a completed handshake showed: protocol, cipher, the certificate, and whether it is trusted for `host`. */
export function describeSecured(socket: TLSSocket, host: string): Omit<TlsHandshake, "elapsedMs"> {
  const x509 = socket.getPeerX509Certificate();
  const certificate: PeerCertificate | undefined = x509 && {
    subject: oneLine(x509.subject),
    issuer: oneLine(x509.issuer),
    subjectAltName: x509.subjectAltName ?? "",
    validTo: x509.validTo,
    fingerprint256: x509.fingerprint256,
  };
  // The X509Certificate's own name check: after getPeerX509Certificate(), getPeerCertificate() is empty.
  const namesHost = x509 ? (isIP(host) ? x509.checkIP(host) : x509.checkHost(host)) !== undefined : undefined;
  return {
    outcome: "secured",
    ...(socket.getProtocol() ? { protocol: socket.getProtocol() as string } : {}),
    cipher: socket.getCipher().name,
    // A resumed session shows no certificate: there is nothing to trust or match then.
    ...(certificate ? { certificate, trusted: socket.authorized, namesHost } : {}),
    ...(certificate && socket.authorizationError ? { trustError: String(socket.authorizationError) } : {}),
    resumed: socket.isSessionReused(),
  };
}

/** An X.509 name ("CN=a\nO=b") on one line. */
const oneLine = (name: string) => name.split("\n").filter(Boolean).join(", ");
