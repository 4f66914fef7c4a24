import { describe, expect, it } from "vitest";
import { tcpFrame } from "../testing/pcap-frames.js";
import { tcpSegment } from "./tcp-segment.js";

const frame = (data: Buffer) => ({ number: 7, timeMicros: 42, data });
const server = { sourceMac: "02:42:0a:00:00:03", destinationMac: "02:42:0a:00:00:02", sourcePort: 21, seq: 62 };

describe("tcpSegment", () => {
  it("should read an IPv4 segment: addresses, ports, identification, sequence number, flags, payload", () => {
    const data = tcpFrame({
      ...server,
      source: "10.213.5.3",
      destination: "198.51.100.4",
      destinationPort: 40000,
      ipId: 0xa11a,
      payload: "2",
    });
    expect(tcpSegment(frame(data))).toEqual({
      frame: 7,
      timeMicros: 42,
      sourceMac: "02:42:0a:00:00:03",
      destinationMac: "02:42:0a:00:00:02",
      source: "10.213.5.3",
      destination: "198.51.100.4",
      sourcePort: 21,
      destinationPort: 40000,
      ipId: 0xa11a,
      seq: 62,
      flags: 0x18,
      payload: Buffer.from("2"),
    });
  });

  it("should read an IPv6 segment, with no identification", () => {
    const data = tcpFrame({
      ...server,
      source: "fd00:0:0:0:0:0:0:3",
      destination: "2001:db8:0:0:0:0:0:4",
      destinationPort: 40000,
      flags: 0x11,
    });
    expect(tcpSegment(frame(data))).toMatchObject({
      source: "fd00:0:0:0:0:0:0:3",
      destination: "2001:db8:0:0:0:0:0:4",
      ipId: null,
      flags: 0x11,
      payload: Buffer.alloc(0),
    });
  });

  it("should not take Ethernet padding for payload", () => {
    const data = tcpFrame({ ...server, source: "10.0.0.3", destination: "10.0.0.4", destinationPort: 1, payload: "" });
    expect(tcpSegment(frame(Buffer.concat([data, Buffer.alloc(6)])))?.payload).toEqual(Buffer.alloc(0));
  });

  it.each([
    ["UDP", (d: Buffer) => (d[23] = 17)],
    ["ARP", (d: Buffer) => d.writeUInt16BE(0x0806, 12)],
  ])("should read no segment from %s", (_kind, change) => {
    const data = tcpFrame({ ...server, source: "10.0.0.3", destination: "10.0.0.4", destinationPort: 1 });
    change(data);
    expect(tcpSegment(frame(data))).toBeNull();
  });
});
