import type { TlsHandshake, TlsVersion } from "../agent/tls-protocol.js";
import { ProtocolFailure } from "./protocol-failure.js";

/**
 * The TLS versions the tls.* checks run under, one variant each: the two current ones (RFC 8446,
 * RFC 5246). Below them, TLS 1.0 and 1.1 are deprecated (RFC 8996): a server offering only those
 * fails, and they are tried only to say so.
 */
export const CURRENT_TLS_VERSIONS = ["TLSv1.2", "TLSv1.3"] as const satisfies readonly TlsVersion[];
export const LEGACY_TLS_VERSIONS = ["TLSv1.1", "TLSv1"] as const satisfies readonly TlsVersion[];

/** A variant's version: "tls1.3" and "pasv-tls1.3" name TLSv1.3. Pure. */
export function versionOfVariant(variant: string | undefined): TlsVersion | undefined {
  const match = /(?:^|-)tls(1\.[0-3])$/.exec(variant ?? "");
  if (!match) return undefined;
  return match[1] === "1.0" ? "TLSv1" : (`TLSv${match[1]}` as TlsVersion);
}

/** How a version reads in evidence: "TLS 1.3". Pure. */
export const versionWords = (version: TlsVersion): string =>
  version === "TLSv1" ? "TLS 1.0" : version.replace("TLSv", "TLS ");

/**
 * OpenSSL's errors for a handshake that found no version both sides offer: the peer's
 * protocol_version alert (RFC 8446 section 6.2), or a ServerHello at a version the client does not
 * offer ("unsupported protocol"). Anything else (a plaintext answer reads as "wrong version number")
 * is another failure.
 */
const VERSION_REFUSALS = new Set([
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
]);

/** The handshake failed because the server does not offer the version the client was pinned to. Pure. */
export const versionRefused = (handshake: TlsHandshake): boolean =>
  handshake.outcome === "failed" && VERSION_REFUSALS.has(handshake.error ?? "");

/** A handshake pinned to `version` found the server does not offer it: the check decides what that means. */
export class VersionRefused extends ProtocolFailure {
  constructor(
    readonly version: TlsVersion,
    readonly handshake: TlsHandshake,
  ) {
    super(`the server does not offer ${versionWords(version)} (${handshake.error ?? "handshake failed"})`);
  }
}
