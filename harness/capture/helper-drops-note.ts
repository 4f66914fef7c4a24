import type { DroppedSegment } from "./gateway-drops.js";

/** What nf_conntrack_ftp looks for at the start of a line: PORT and EPRT from the client, 227 and 229 from the server. */
const HELPER_PATTERNS = { command: ["PORT", "EPRT"], reply: ["227 ", "229 "] } as const;
const FRAMES_SHOWN = 8;

/**
 * Whether the kernel FTP helper would hold this segment as a partial match: it begins a line
 * with less of a pattern than the pattern itself, or with the whole pattern but not the whole
 * line (nf_conntrack_ftp's find_pattern returns "partial", and help() drops the packet). Pure.
 */
export function isPartialHelperMatch(payload: Buffer, fromServer: boolean): boolean {
  const text = payload.toString("latin1").toUpperCase();
  return HELPER_PATTERNS[fromServer ? "reply" : "command"].some(
    (pattern) =>
      (text.length < pattern.length && pattern.startsWith(text)) || (text.startsWith(pattern) && !text.includes("\n")),
  );
}

const quoted = (payload: Buffer) => JSON.stringify(payload.toString("latin1").slice(0, 24));

/**
 * Why a reply never came, when the captures show the gateway dropping control-connection
 * segments: how many, where (capture and frame numbers, for Wireshark), what they held, and,
 * where the gateway runs the kernel FTP helper and every dropped segment is one it holds as a
 * partial match, that the helper dropped them. Null when the captures show no such drop. Pure.
 */
export function droppedSegmentsNote(drops: readonly DroppedSegment[], ftpHelper: boolean): string | null {
  if (drops.length === 0) return null;
  const replies = drops.every((d) => d.fromServer);
  const hosts = [...new Set(drops.map((d) => d.host))];
  const where = hosts
    .map((host) => {
      const frames = drops.filter((d) => d.host === host).map((d) => d.frame);
      const shown = frames.slice(0, FRAMES_SHOWN).join(", ");
      return `${host} frame${frames.length === 1 ? "" : "s"} ${shown}${frames.length > FRAMES_SHOWN ? ", ..." : ""}`;
    })
    .join("; ");
  const held = [...new Set(drops.map((d) => quoted(d.payload)))].slice(0, 4).join(", ");
  const resent = drops.length - new Set(drops.map((d) => `${d.connection}#${d.seq}`)).size;
  const what = replies ? "the server's control-connection segments" : "control-connection segments";
  const seen =
    `The packet captures show the gateway dropping ${what}: ${drops.length} reached it and left on no other side ` +
    `(${where}), holding ${held}` +
    (resent > 0 ? `; ${resent} of them were the sender resending a segment already dropped.` : ".");
  if (!ftpHelper || !drops.every((d) => isPartialHelperMatch(d.payload, d.fromServer))) {
    return `${seen} The reply was sent and lost inside the gateway, not ignored by the harness.`;
  }
  const patterns = replies ? "'227 ' or '229 '" : "'PORT' or 'EPRT'";
  const sender = replies ? "a server that sends its replies in pieces" : "a client that sends its commands in pieces";
  return (
    `${seen} Each starts a line with only part of ${patterns}: the kernel FTP helper on the gateway ` +
    `(nf_conntrack_ftp) drops such a segment as a partial match, waiting for the line to come whole in one ` +
    `segment${resent > 0 ? ", and the sender resent the same piece instead" : ""}. The ${replies ? "reply" : "command"} ` +
    `was sent and never left the gateway: the stall is the FTP helper's, with ${sender}, not the harness's.`
  );
}
