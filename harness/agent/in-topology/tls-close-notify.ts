import { createDecipheriv, createHmac } from "node:crypto";
import { ALERT, APPLICATION_DATA, type RecordLog } from "./tls-records.js";

/** What the last record the server sent before closing says about close_notify. */
export interface CloseNotifyFinding {
  closeNotify: "received" | "absent" | "undecided";
  detail: string;
}

/** TLS 1.3's AEAD suites (RFC 8446 appendix B.4): the cipher, the hash of HKDF, the key length. */
const SUITES: Record<string, { cipher: string; hash: string; keyLength: number }> = {
  TLS_AES_128_GCM_SHA256: { cipher: "aes-128-gcm", hash: "sha256", keyLength: 16 },
  TLS_AES_256_GCM_SHA384: { cipher: "aes-256-gcm", hash: "sha384", keyLength: 32 },
  TLS_CHACHA20_POLY1305_SHA256: { cipher: "chacha20-poly1305", hash: "sha256", keyLength: 32 },
};
const TAG_LENGTH = 16;
const IV_LENGTH = 12;

/** HKDF-Expand-Label (RFC 8446 section 7.1) for outputs no longer than the hash: one HMAC block. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, "latin1");
  const info = Buffer.concat([Buffer.from([length >> 8, length & 255, full.length]), full, Buffer.from([0])]);
  return createHmac(hash, secret)
    .update(Buffer.concat([info, Buffer.from([1])]))
    .digest()
    .subarray(0, length);
}

/** The per-record nonce (RFC 8446 section 5.3): the IV XOR the sequence number, left-padded. */
function nonce(iv: Buffer, sequence: number): Buffer {
  const out = Buffer.from(iv);
  let rest = BigInt(sequence);
  for (let i = out.length - 1; i >= out.length - 8; i--) {
    out[i] = (out[i] ?? 0) ^ Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** A TLS 1.3 record's plaintext under `secret` at `sequence`, or undefined when its tag does not verify. */
function open(
  record: { header: Buffer; payload: Buffer },
  suite: (typeof SUITES)[string],
  key: Buffer,
  iv: Buffer,
  sequence: number,
) {
  if (record.payload.length < TAG_LENGTH) return undefined;
  // Typed as GCM: ChaCha20-Poly1305's decipher has the same AEAD methods.
  const aead = createDecipheriv(suite.cipher as "aes-256-gcm", key, nonce(iv, sequence), {
    authTagLength: TAG_LENGTH,
  });
  aead.setAAD(record.header);
  aead.setAuthTag(record.payload.subarray(record.payload.length - TAG_LENGTH));
  try {
    return Buffer.concat([aead.update(record.payload.subarray(0, record.payload.length - TAG_LENGTH)), aead.final()]);
  } catch {
    return undefined;
  }
}

/** An alert's two bytes (RFC 8446 section 6): level and description; close_notify is 0. */
const describeAlert = (level: number | undefined, description: number | undefined) =>
  description === 0 ? "close_notify" : `alert ${description ?? "?"} (level ${level ?? "?"})`;

/**
 * Whether the last record the server sent before it closed was close_notify (RFC 8446 section 6.1,
 * RFC 5246 section 7.2.1). TLS 1.2 shows an alert's type in the clear (ContentType 21); TLS 1.3
 * hides it inside application_data, so the last record is opened with the server's application
 * traffic secret from the key log (SERVER_TRAFFIC_SECRET_0), trying each sequence number it can
 * have (the handshake's records come before, under other keys). Pure.
 */
export function closeNotifyFrom(
  log: RecordLog,
  tls: { protocol: string | null; cipher: string | undefined; serverSecret: Buffer | undefined },
): CloseNotifyFinding {
  const last = log.last;
  if (log.garbled) return { closeNotify: "undecided", detail: "the server's bytes were not TLS records" };
  if (!last) return { closeNotify: "absent", detail: "the server sent no TLS record at all" };
  const cut = log.partial ? `; ${log.partial} bytes of a record cut off by the close` : "";
  if (tls.protocol !== "TLSv1.3") {
    if (last.type === ALERT) {
      return {
        closeNotify: "received",
        detail: `its last record before closing was an alert (${tls.protocol ?? "TLS"})${cut}`,
      };
    }
    return {
      closeNotify: "absent",
      detail: `its last record before closing was of type ${last.type}, not an alert${cut}`,
    };
  }
  const suite = SUITES[tls.cipher ?? ""];
  if (!suite || !tls.serverSecret) {
    return {
      closeNotify: "undecided",
      detail: suite
        ? "no server traffic secret in the key log"
        : `cipher ${tls.cipher ?? "unknown"} is not one read here`,
    };
  }
  if (last.type !== APPLICATION_DATA) {
    return { closeNotify: "absent", detail: `its last record before closing was of type ${last.type}${cut}` };
  }
  const key = expandLabel(suite.hash, tls.serverSecret, "key", suite.keyLength);
  const iv = expandLabel(suite.hash, tls.serverSecret, "iv", IV_LENGTH);
  for (let sequence = log.applicationRecords; sequence >= 0; sequence--) {
    const plain = open(last, suite, key, iv, sequence);
    if (!plain) continue;
    // TLSInnerPlaintext: content, the real type, then zero padding (RFC 8446 section 5.2).
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const type = plain[end];
    if (type === ALERT) {
      const what = describeAlert(plain[0], plain[1]);
      return {
        closeNotify: plain[1] === 0 ? "received" : "absent",
        detail: `its last record before closing was ${what} (TLSv1.3)${cut}`,
      };
    }
    return {
      closeNotify: "absent",
      detail: `its last record before closing was ${type === APPLICATION_DATA ? "data" : `of inner type ${type ?? "?"}`}, not close_notify (TLSv1.3)${cut}`,
    };
  }
  return {
    closeNotify: "undecided",
    detail: "the last record did not open under the server's traffic secret (a key update?)",
  };
}
