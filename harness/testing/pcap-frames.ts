/** Builders of pcap files and Ethernet frames for the capture readers' tests. */

export interface TcpFrame {
  sourceMac: string;
  destinationMac: string;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  /** IPv4 identification (ignored for IPv6 addresses). */
  ipId?: number;
  seq: number;
  /** Default: PSH+ACK. */
  flags?: number;
  payload?: string;
}

const macBytes = (mac: string) => Buffer.from(mac.split(":").map((h) => parseInt(h, 16)));
const ipv4Bytes = (address: string) => Buffer.from(address.split(".").map(Number));
/** A fully written-out IPv6 address (eight groups), as these tests name them. */
const ipv6Bytes = (address: string) => {
  const bytes = Buffer.alloc(16);
  address.split(":").forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
};

/** An Ethernet II frame holding one TCP segment over IPv4, or IPv6 where the addresses have colons. */
export function tcpFrame(f: TcpFrame): Buffer {
  const payload = Buffer.from(f.payload ?? "", "latin1");
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(f.sourcePort, 0);
  tcp.writeUInt16BE(f.destinationPort, 2);
  tcp.writeUInt32BE(f.seq, 4);
  tcp[12] = 5 << 4;
  tcp[13] = f.flags ?? 0x18;
  const v6 = f.source.includes(":");
  let ip: Buffer;
  if (v6) {
    ip = Buffer.alloc(40);
    ip[0] = 0x60;
    ip.writeUInt16BE(tcp.length + payload.length, 4);
    ip[6] = 6;
    ip[7] = 64;
    ipv6Bytes(f.source).copy(ip, 8);
    ipv6Bytes(f.destination).copy(ip, 24);
  } else {
    ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + tcp.length + payload.length, 2);
    ip.writeUInt16BE(f.ipId ?? 0, 4);
    ip[8] = 64;
    ip[9] = 6;
    ipv4Bytes(f.source).copy(ip, 12);
    ipv4Bytes(f.destination).copy(ip, 16);
  }
  const type = Buffer.alloc(2);
  type.writeUInt16BE(v6 ? 0x86dd : 0x0800, 0);
  return Buffer.concat([macBytes(f.destinationMac), macBytes(f.sourceMac), type, ip, tcp, payload]);
}

/** A classic little-endian microsecond pcap file of Ethernet frames, each `at` microseconds. */
export function pcapFile(frames: ReadonlyArray<{ at: number; data: Buffer }>): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  const records = frames.map(({ at, data }) => {
    const record = Buffer.alloc(16);
    record.writeUInt32LE(Math.floor(at / 1e6), 0);
    record.writeUInt32LE(at % 1e6, 4);
    record.writeUInt32LE(data.length, 8);
    record.writeUInt32LE(data.length, 12);
    return Buffer.concat([record, data]);
  });
  return Buffer.concat([header, ...records]);
}
