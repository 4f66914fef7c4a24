import type { PcapFrame } from "./read-pcap.js";

/** A TCP segment as an Ethernet frame carried it: enough to follow it through a gateway. */
export interface TcpSegment {
  frame: number;
  timeMicros: number;
  sourceMac: string;
  destinationMac: string;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  /** The IPv4 identification field (NAT leaves it alone); null for IPv6. */
  ipId: number | null;
  seq: number;
  /** The TCP flags byte (FIN 1, SYN 2, RST 4, PSH 8, ACK 16). */
  flags: number;
  payload: Buffer;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const TCP = 6;

const mac = (bytes: Buffer) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
const ipv4 = (bytes: Buffer) => [...bytes].join(".");
const ipv6 = (bytes: Buffer) => Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16)).join(":");

/**
 * The TCP segment an Ethernet frame holds (IPv4, or IPv6 with TCP right behind its header), or
 * null for anything else. Lengths come from the IP header, so Ethernet padding is not payload;
 * a frame cut at the snap length keeps what was captured. Pure.
 */
export function tcpSegment(frame: PcapFrame): TcpSegment | null {
  const data = frame.data;
  if (data.length < 14) return null;
  let offset = 12;
  let type = data.readUInt16BE(offset);
  if (type === ETHERTYPE_VLAN && data.length >= 18) {
    offset += 4;
    type = data.readUInt16BE(offset);
  }
  const ip = offset + 2;
  let tcp: number;
  let end: number;
  let addresses: { source: string; destination: string; ipId: number | null };
  if (type === ETHERTYPE_IPV4 && data.length >= ip + 20) {
    if (data[ip + 9] !== TCP) return null;
    tcp = ip + ((data[ip] as number) & 0x0f) * 4;
    end = ip + data.readUInt16BE(ip + 2);
    addresses = {
      source: ipv4(data.subarray(ip + 12, ip + 16)),
      destination: ipv4(data.subarray(ip + 16, ip + 20)),
      ipId: data.readUInt16BE(ip + 4),
    };
  } else if (type === ETHERTYPE_IPV6 && data.length >= ip + 40) {
    if (data[ip + 6] !== TCP) return null;
    tcp = ip + 40;
    end = tcp + data.readUInt16BE(ip + 4);
    addresses = {
      source: ipv6(data.subarray(ip + 8, ip + 24)),
      destination: ipv6(data.subarray(ip + 24, ip + 40)),
      ipId: null,
    };
  } else {
    return null;
  }
  if (data.length < tcp + 20) return null;
  const payloadStart = tcp + ((data[tcp + 12] as number) >> 4) * 4;
  return {
    frame: frame.number,
    timeMicros: frame.timeMicros,
    destinationMac: mac(data.subarray(0, 6)),
    sourceMac: mac(data.subarray(6, 12)),
    ...addresses,
    sourcePort: data.readUInt16BE(tcp),
    destinationPort: data.readUInt16BE(tcp + 2),
    seq: data.readUInt32BE(tcp + 4),
    flags: data[tcp + 13] as number,
    payload: data.subarray(Math.min(payloadStart, data.length), Math.min(end, data.length)),
  };
}
