import type { PairCaptures } from "../capture/pair-captures.js";
import type { CheckResult } from "../checks/check-result.js";

/** One link to a capture file, relative to the report directory. */
export interface CaptureLink {
  label: string;
  href: string;
}

/**
 * A pair's captures as the reports link them: each host interface's pcap (saying when it was
 * cut at its size limit), then the TLS key log Wireshark decrypts FTPS with. Pure.
 */
export function captureLinks(captures: PairCaptures | undefined): CaptureLink[] {
  if (!captures) return [];
  return [
    ...captures.files.map((f) => ({ label: f.cut ? `${f.host} (cut at its size limit)` : f.host, href: f.file })),
    ...(captures.tlsKeyLog ? [{ label: "TLS key log", href: captures.tlsKeyLog }] : []),
  ];
}

/** What the capture links are, for a reader who has not opened a pcap with a key log. */
export const CAPTURES_LINE =
  "Packet captures (pcap) of this target and scenario; with the TLS key log, Wireshark or " +
  "`tshark -o tls.keylog_file:<file>` decrypts FTPS.";

/** Each target x scenario's captures once, in the results' order. Pure. */
export function pairCaptures(results: readonly CheckResult[]): Array<{ pair: string; captures: PairCaptures }> {
  const byPair = new Map<string, PairCaptures>();
  for (const r of results) {
    const pair = `${r.target} / ${r.scenario}`;
    if (r.captures && !byPair.has(pair)) byPair.set(pair, r.captures);
  }
  return [...byPair.entries()].map(([pair, captures]) => ({ pair, captures }));
}
