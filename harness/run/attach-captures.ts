import type { CheckResult } from "../checks/check-result.js";
import { failureNote } from "../ftp/control-session.js";
import type { CollectedCaptures } from "../capture/captured-packets.js";
import { droppedControlSegments, type GatewaySide } from "../capture/gateway-drops.js";
import { droppedSegmentsNote } from "../capture/helper-drops-note.js";
import type { PairCaptures } from "../capture/pair-captures.js";

/** Every result of one pair but its passes links the pair's captures. Pure. */
export function withCaptures(results: readonly CheckResult[], captures: PairCaptures): CheckResult[] {
  if (captures.files.length === 0) return [...results];
  return results.map((r) => (r.verdict === "pass" ? r : { ...r, captures }));
}

/** The transcript note of a reply that never came (its wording is the control session's). */
const NO_REPLY = failureNote("timeout", "\u0000").split("\u0000")[0] as string;

const waitedInVain = (r: CheckResult) =>
  r.verdict !== "pass" && r.transcript.some((e) => e.dir === "*" && e.text.startsWith(NO_REPLY));

/**
 * One pair's results with its captures linked from its findings and, where a reply never came
 * and the captures show a gateway dropping control-connection segments, a note saying so (and,
 * behind the FTP helper, that the helper dropped them). The captures are read only when a reply
 * never came.
 */
export function explainWithCaptures(
  results: readonly CheckResult[],
  collected: CollectedCaptures,
  context: { ftpHelper: boolean; controlPorts: readonly number[] },
): CheckResult[] {
  const linked = withCaptures(results, collected.files);
  if (!linked.some(waitedInVain)) return linked;
  const gateways = new Map<string, GatewaySide[]>();
  for (const c of collected.interfaces.filter((c) => c.role !== "agents")) {
    gateways.set(c.role, [...(gateways.get(c.role) ?? []), { host: c.host, mac: c.mac, pcap: c.pcap, cut: c.cut }]);
  }
  const drops = [...gateways.values()].flatMap((sides) => droppedControlSegments(sides, context.controlPorts));
  const note = droppedSegmentsNote(drops, context.ftpHelper);
  if (!note) return linked;
  return linked.map((r) => (waitedInVain(r) ? { ...r, note: r.note ? `${r.note} ${note}` : note } : r));
}
