import type { Socket } from "node:net";
import { createSecureContext, TLSSocket, type SecureContext, type SecureVersion } from "node:tls";
import { runCertificateAuthority, type PemPair } from "../tls/certificate-authority.js";
import { issueServerCertificate } from "../tls/server-certificate.js";

/**
 * FTPS for the fake server (RFC 4217), and its misbehaviours. Only for the harness's self-tests.
 * Defaults behave like a correct server: AUTH TLS, PBSZ 0 and PROT P accepted, data connections
 * under TLS once PROT P is set, plaintext still allowed.
 */
export interface FakeTlsBehaviour {
  /** Implicit FTPS: TLS from the first byte (no AUTH TLS). */
  implicit?: boolean;
  /** TLS-only: USER and PASS on an unprotected control connection get 530, and RETR, STOR and LIST without PROT P 522. */
  required?: boolean;
  /** Like vsftpd's require_ssl_reuse=YES: a data connection that does not resume the control connection's TLS session gets 522. */
  requireReuse?: boolean;
  /** Fault: with requireReuse, such a data connection is dropped and no reply follows. */
  refuseReuseSilently?: boolean;
  /** The opposite policy: a data connection that resumes a TLS session gets 522, a fresh one is served. */
  refuseResumed?: boolean;
  /** Keeps no TLS session across connections: every data connection's handshake is a full one (no resumption). */
  noResumption?: boolean;
  /** Fault (or an FTP helper's blindness): under TLS the 227 names this address. */
  pasvAddressUnderTls?: string;
  /** Fault: AUTH TLS is answered with this instead of 234. */
  authReply?: string;
  /**
   * The certificate (and key) the server shows instead of the run's: an image's own, self-signed
   * or from another CA, expired, or naming another address.
   */
  certificate?: PemPair;
  /**
   * Serve `certificate` at OpenSSL security level 0: one OpenSSL's default level refuses to load (a
   * SHA-1 or MD5 signature), as a server configured for legacy clients does.
   */
  weakCertificate?: boolean;
  /**
   * The TLS versions it offers (default: Node's, TLS 1.2 and 1.3). Below 1.2 Node serves only at
   * OpenSSL security level 0, which the fake then sets.
   */
  versions?: { min: SecureVersion; max: SecureVersion };
  /**
   * How a download's TLS data connection ends: close_notify then FIN (default, as RFC 8446 section
   * 6.1 wants); fault "fin-only": the TCP connection closed under the TLS session, no close_notify;
   * "notify-then-wait": close_notify, then the 226 only once the client has closed its side too.
   */
  dataClose?: "close-notify" | "fin-only" | "notify-then-wait";
  /** Fault: an upload under TLS that the client ended (with its close_notify) gets this instead of 226. */
  uploadEndReply?: string;
}

/** How long the fake waits for a data connection's TLS handshake. */
const DATA_HANDSHAKE_MS = 2000;

const contexts = new Map<string, SecureContext>();

/**
 * One TLS context per certificate and versions for every fake session, control and data alike; by
 * default a certificate for both loopback agents from the run's CA. Sessions resume across
 * connections with the same ticket keys.
 */
function fakeContext(
  certificate?: PemPair,
  versions?: FakeTlsBehaviour["versions"],
  own = false,
  weakCertificate = false,
): SecureContext {
  const pair =
    certificate ?? issueServerCertificate(runCertificateAuthority(), ["127.0.0.1", "127.0.0.2", "localhost"]);
  const key = `${pair.certificatePem}${versions ? `${versions.min}-${versions.max}` : ""}${weakCertificate ? "weak" : ""}`;
  let context = own ? undefined : contexts.get(key);
  if (!context) {
    const legacy = weakCertificate || (versions && (versions.min === "TLSv1" || versions.min === "TLSv1.1"));
    context = createSecureContext({
      cert: pair.certificatePem,
      key: pair.keyPem,
      ...(versions ? { minVersion: versions.min, maxVersion: versions.max } : {}),
      ...(legacy ? { ciphers: "DEFAULT@SECLEVEL=0" } : {}),
    });
    if (!own) contexts.set(key, context);
  }
  return context;
}

/**
 * Makes the fake's default certificate (the run's CA and a key: a few hundred ms of synchronous
 * work, once per process) now, before a test's waits run beside it.
 */
export function prepareFakeTls(): void {
  fakeContext();
}

/**
 * A server-side TLS socket over `raw` showing `behaviour`'s certificate, the handshake starting with
 * the client's first bytes; with `own`, a context (ticket keys) of its own, so it resumes no session.
 */
export function serverTls(raw: Socket, behaviour: FakeTlsBehaviour = {}, own = false): TLSSocket {
  const socket = new TLSSocket(raw, {
    isServer: true,
    secureContext: fakeContext(behaviour.certificate, behaviour.versions, own, behaviour.weakCertificate),
  });
  socket.on("error", () => undefined);
  return socket;
}

/** The TCP connection under each protected data connection, for a close without close_notify. */
const underlying = new WeakMap<Socket, Socket>();

/** One session's FTPS state: whether the control connection is protected, and PROT. Its commands: fake-server/tls-handlers.ts. */
export class FakeTlsSession {
  /** The control connection is under TLS. */
  secured: boolean;
  /** PROT P: data connections under TLS. */
  protectData = false;

  constructor(readonly behaviour: FakeTlsBehaviour) {
    this.secured = behaviour.implicit === true;
  }

  /** The address a 227 names under TLS, when scripted. */
  pasvAddress(): string | undefined {
    return this.secured ? this.behaviour.pasvAddressUnderTls : undefined;
  }

  /**
   * The connection a transfer uses: `data` itself under PROT C, else the same connection under TLS
   * once its handshake completes; undefined when it is refused (a reply says why, unless scripted silent).
   */
  async protect(data: Socket, send: (text: string) => void): Promise<Socket | undefined> {
    if (!this.protectData) return data;
    const secured = serverTls(data, this.behaviour, this.behaviour.noResumption === true);
    const handshake = await new Promise<"secure" | "failed">((resolve) => {
      const timer = setTimeout(resolve, DATA_HANDSHAKE_MS, "failed");
      const end = (outcome: "secure" | "failed") => {
        clearTimeout(timer);
        resolve(outcome);
      };
      secured.once("secure", () => end("secure"));
      secured.once("error", () => end("failed"));
      secured.once("close", () => end("failed"));
    });
    if (handshake !== "secure") {
      secured.destroy();
      send("425 TLS handshake on the data connection failed");
      return undefined;
    }
    if (this.behaviour.requireReuse && !secured.isSessionReused()) {
      secured.destroy();
      if (!this.behaviour.refuseReuseSilently) send("522 SSL connection failed: session reuse required");
      return undefined;
    }
    if (this.behaviour.refuseResumed && secured.isSessionReused()) {
      secured.destroy();
      send("522 resumed TLS sessions are not accepted on data connections");
      return undefined;
    }
    underlying.set(secured, data);
    return secured;
  }

  /** Sends `content` and closes a download's data connection as `dataClose` says, then `done` (the 226). */
  endData(data: Socket, content: Buffer, done: () => void): void {
    const raw = underlying.get(data);
    const close = this.behaviour.dataClose ?? "close-notify";
    if (!raw || close === "close-notify") {
      data.end(content, done);
    } else if (close === "fin-only") {
      data.write(content, () => raw.end(done));
    } else {
      data.once("close", done);
      data.end(content);
    }
  }

  /** The reply to an upload the client ended, when scripted: a protected one only. */
  uploadEndReply(data: Socket): string | undefined {
    return underlying.has(data) ? this.behaviour.uploadEndReply : undefined;
  }
}
