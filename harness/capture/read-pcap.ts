/** One frame of a pcap file: its number as Wireshark counts (from 1), when, and its bytes. */
export interface PcapFrame {
  number: number;
  /** Microseconds since the epoch. */
  timeMicros: number;
  data: Buffer;
}

/** The classic pcap file (what tcpdump -w writes): its link type and frames. */
export interface PcapFile {
  /** 1: Ethernet. */
  linkType: number;
  frames: PcapFrame[];
}

const MAGIC_MICROS = 0xa1b2c3d4;
const MAGIC_NANOS = 0xa1b23c4d;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

/**
 * Reads a classic pcap file (either byte order, micro- or nanosecond stamps). A record cut short
 * at the end (a capture stopped mid-write) ends the list. Pure; throws on what is not pcap.
 */
export function readPcap(bytes: Buffer): PcapFile {
  if (bytes.length < GLOBAL_HEADER) throw new Error(`not a pcap file: ${bytes.length} bytes`);
  const order = [MAGIC_MICROS, MAGIC_NANOS].includes(bytes.readUInt32LE(0)) ? "LE" : "BE";
  const u32 = (offset: number) => (order === "LE" ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  const magic = u32(0);
  if (magic !== MAGIC_MICROS && magic !== MAGIC_NANOS) throw new Error(`not a pcap file: magic ${magic.toString(16)}`);
  const fraction = magic === MAGIC_NANOS ? 1000 : 1;
  const frames: PcapFrame[] = [];
  let offset = GLOBAL_HEADER;
  while (offset + RECORD_HEADER <= bytes.length) {
    const captured = u32(offset + 8);
    const start = offset + RECORD_HEADER;
    if (start + captured > bytes.length) break;
    frames.push({
      number: frames.length + 1,
      timeMicros: u32(offset) * 1e6 + Math.floor(u32(offset + 4) / fraction),
      data: bytes.subarray(start, start + captured),
    });
    offset = start + captured;
  }
  return { linkType: u32(20), frames };
}
