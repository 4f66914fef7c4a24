import { describe, expect, it } from "vitest";
import { pcapFile } from "../testing/pcap-frames.js";
import { readPcap } from "./read-pcap.js";

describe("readPcap", () => {
  const file = pcapFile([
    { at: 1_500_000, data: Buffer.from("first") },
    { at: 2_000_001, data: Buffer.from("second!") },
  ]);

  it("should read the link type and each frame, numbered from 1 as Wireshark does", () => {
    const { linkType, frames } = readPcap(file);
    expect(linkType).toBe(1);
    expect(frames.map((f) => [f.number, f.timeMicros, f.data.toString()])).toEqual([
      [1, 1_500_000, "first"],
      [2, 2_000_001, "second!"],
    ]);
  });

  it("should read big-endian files and nanosecond stamps", () => {
    const header = Buffer.alloc(24);
    header.writeUInt32BE(0xa1b23c4d, 0);
    header.writeUInt32BE(1, 20);
    const record = Buffer.alloc(16);
    record.writeUInt32BE(3, 0);
    record.writeUInt32BE(250_000_999, 4);
    record.writeUInt32BE(2, 8);
    record.writeUInt32BE(2, 12);
    const { frames } = readPcap(Buffer.concat([header, record, Buffer.from("ok")]));
    expect(frames).toEqual([{ number: 1, timeMicros: 3_250_000, data: Buffer.from("ok") }]);
  });

  it("should end at a record cut short", () => {
    expect(readPcap(file.subarray(0, file.length - 3)).frames.map((f) => f.number)).toEqual([1]);
  });

  it.each([[Buffer.alloc(10)], [Buffer.alloc(24, 7)]])("should refuse what is not pcap", (bytes) => {
    expect(() => readPcap(bytes)).toThrow("not a pcap file");
  });
});
