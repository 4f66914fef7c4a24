/** What a capture keeps: every packet, or the control connections whole and only the small packets of the rest. */
export type CaptureScope = "all" | "control-and-headers";

/** Frames up to this length (Ethernet header included) are kept whatever they carry: handshakes, ACKs, short replies, a LIST. */
export const SMALL_FRAME_BYTES = 512;

/**
 * The tcpdump filter of a capture. With `control-and-headers`, the control connections (every
 * port a control connection may use) are kept whole, so FTPS on them can be decrypted, and so are
 * every small frame and every SYN, FIN and RST; what is left out is the bulk of data transfers (a
 * pair's downloads and uploads are about 14 MB per interface, what is kept about 0.6 MB). libpcap's
 * `tcp[...]` reads IPv4 only: for IPv6 the flags are read at their offset behind a 40-byte header.
 * Pure.
 */
export function captureFilter(scope: CaptureScope, controlPorts: readonly number[]): string {
  if (scope === "all") return "";
  const ports = [...new Set(controlPorts)].map((port) => `tcp port ${port}`);
  const flags = "(ip and tcp[13] & 7 != 0) or (ip6 and ip6[6] == 6 and ip6[53] & 7 != 0)";
  return [...ports, `less ${SMALL_FRAME_BYTES}`, flags].join(" or ");
}
