import { readPcap } from "./read-pcap.js";
import { tcpSegment, type TcpSegment } from "./tcp-segment.js";

/** One side of a gateway as its capture saw it: the interface's name, its hardware address and the pcap. */
export interface GatewaySide {
  host: string;
  mac: string;
  pcap: Buffer;
  /** The capture stopped at its size limit: what came after its last frame is unknown. */
  cut: boolean;
}

/** A control-connection segment that entered a gateway and left it on no other side. */
export interface DroppedSegment {
  /** The capture it entered on, e.g. `gateway-private`, and its frame number there. */
  host: string;
  frame: number;
  /** From the control port's side (a reply) or to it (a command). */
  fromServer: boolean;
  /** Its connection (`address:port>address:port` as it entered) and sequence number: a resent segment repeats both. */
  connection: string;
  seq: number;
  payload: Buffer;
}

const flagsOf = (s: TcpSegment) => s.flags & 0x07;
const withPayload = (s: TcpSegment) => s.payload.length > 0 || flagsOf(s) !== 0;

/**
 * The control-connection segments (a port in `controlPorts`) that entered the gateway on one side
 * (addressed to its hardware address there) and never left it on another (sent from its address
 * there). A forwarded segment is recognised by what NAT and the FTP helper leave unchanged: the
 * IPv4 identification and the ports, or for IPv6 (nothing is translated) addresses, ports and
 * sequence number. A segment that came in after another side's capture was cut at its size limit
 * is not judged. Pure.
 */
export function droppedControlSegments(
  sides: readonly GatewaySide[],
  controlPorts: readonly number[],
): DroppedSegment[] {
  const isControl = (s: TcpSegment) => controlPorts.includes(s.sourcePort) || controlPorts.includes(s.destinationPort);
  const read = sides.map((side) => {
    const { frames } = readPcap(side.pcap);
    const end = side.cut ? (frames.at(-1)?.timeMicros ?? 0) : Infinity;
    const segments = frames
      .map(tcpSegment)
      .filter((s): s is TcpSegment => s !== null && isControl(s) && withPayload(s));
    return { side, end, segments };
  });
  const dropped: DroppedSegment[] = [];
  for (const { side, segments } of read) {
    const others = read.filter((r) => r.side !== side);
    const left = new Set(
      others.flatMap(({ side: other, segments: theirs }) =>
        theirs.filter((s) => s.sourceMac === other.mac).map(forwardingKey),
      ),
    );
    const lastSeen = Math.min(...others.map((r) => r.end));
    for (const s of segments) {
      if (s.destinationMac !== side.mac || s.timeMicros > lastSeen || left.has(forwardingKey(s))) continue;
      dropped.push({
        host: side.host,
        frame: s.frame,
        fromServer: controlPorts.includes(s.sourcePort),
        connection: `${s.source}:${s.sourcePort}>${s.destination}:${s.destinationPort}`,
        seq: s.seq,
        payload: s.payload,
      });
    }
  }
  return dropped;
}

/** What stays the same when a gateway forwards a segment, NAT and the FTP helper's rewriting included. */
function forwardingKey(s: TcpSegment): string {
  const ports = [s.sourcePort, s.destinationPort].join(">");
  return s.ipId === null ? `${s.source}|${s.destination}|${ports}|${s.seq}` : `${s.ipId}|${ports}`;
}
