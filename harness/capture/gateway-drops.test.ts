import { describe, expect, it } from "vitest";
import { pcapFile, tcpFrame, type TcpFrame } from "../testing/pcap-frames.js";
import { droppedControlSegments, type GatewaySide } from "./gateway-drops.js";

// The gateway's hardware addresses on its private and public sides, and its neighbours'.
const PRIVATE = "02:42:0a:00:00:02";
const PUBLIC = "02:42:c6:00:00:02";
const SERVER_MAC = "02:42:0a:00:00:03";
const CLIENT_MAC = "02:42:c6:00:00:04";

/** The server's segment to the client as it enters the gateway, and as the gateway sends it on (DNAT undone). */
const fromServer = (over: Partial<TcpFrame>): [TcpFrame, TcpFrame] => {
  const inside = {
    sourceMac: SERVER_MAC,
    destinationMac: PRIVATE,
    source: "10.213.5.3",
    destination: "198.51.100.4",
    sourcePort: 21,
    destinationPort: 40000,
    seq: 62,
    ...over,
  };
  return [inside, { ...inside, sourceMac: PUBLIC, destinationMac: CLIENT_MAC, source: "198.51.100.2" }];
};

const side = (host: string, mac: string, frames: ReadonlyArray<[number, TcpFrame]>, cut = false): GatewaySide => ({
  host,
  mac,
  cut,
  pcap: pcapFile(frames.map(([at, f]) => ({ at, data: tcpFrame(f) }))),
});

describe("droppedControlSegments", () => {
  const [login, loginOut] = fromServer({ ipId: 1, seq: 1, payload: "230 Login successful.\r\n" });
  const [piece] = fromServer({ ipId: 2, seq: 62, payload: "2" });
  const [resent] = fromServer({ ipId: 3, seq: 62, payload: "2" });
  const [next, nextOut] = fromServer({ ipId: 4, seq: 63, payload: "3" });
  const pasv: TcpFrame = {
    sourceMac: CLIENT_MAC,
    destinationMac: PUBLIC,
    source: "198.51.100.4",
    destination: "198.51.100.2",
    sourcePort: 40000,
    destinationPort: 21,
    ipId: 9,
    seq: 20,
    payload: "PASV\r\n",
  };
  const pasvIn = { ...pasv, sourceMac: PRIVATE, destinationMac: SERVER_MAC, destination: "10.213.5.3" };

  it("should find the segments that entered on one side and left on none, whatever NAT rewrote", () => {
    const drops = droppedControlSegments(
      [
        side("gateway-private", PRIVATE, [
          [100, login],
          [200, piece],
          [250, next],
          [300, resent],
          [400, pasvIn],
        ]),
        side("gateway-public", PUBLIC, [
          [101, loginOut],
          [251, nextOut],
          [399, pasv],
        ]),
      ],
      [21],
    );
    expect(drops.map((d) => [d.host, d.frame, d.fromServer, d.seq, d.payload.toString()])).toEqual([
      ["gateway-private", 2, true, 62, "2"],
      ["gateway-private", 4, true, 62, "2"],
    ]);
    expect(drops[0]?.connection).toBe("10.213.5.3:21>198.51.100.4:40000");
  });

  it("should leave other ports alone, and not judge what came after the other side's capture was cut", () => {
    const [data] = fromServer({ ipId: 5, sourcePort: 30001, payload: "x" });
    const sides = (cut: boolean) => [
      side("gateway-private", PRIVATE, [
        [100, data],
        [500, piece],
      ]),
      side("gateway-public", PUBLIC, [[101, loginOut]], cut),
    ];
    expect(droppedControlSegments(sides(true), [21])).toEqual([]);
    expect(droppedControlSegments(sides(false), [21]).map((d) => d.frame)).toEqual([2]);
  });

  it("should follow IPv6 segments, which nothing translates, by addresses, ports and sequence number", () => {
    const v6 = (seq: number, sourceMac: string, destinationMac: string): TcpFrame => ({
      sourceMac,
      destinationMac,
      source: "fd00:0:0:0:0:0:0:3",
      destination: "2001:db8:0:0:0:0:0:4",
      sourcePort: 21,
      destinationPort: 40000,
      seq,
      payload: "2",
    });
    const drops = droppedControlSegments(
      [
        side("firewall-private", PRIVATE, [
          [100, v6(1, SERVER_MAC, PRIVATE)],
          [200, v6(2, SERVER_MAC, PRIVATE)],
        ]),
        side("firewall-public", PUBLIC, [[101, v6(1, PUBLIC, CLIENT_MAC)]]),
      ],
      [21],
    );
    expect(drops.map((d) => [d.frame, d.seq])).toEqual([[2, 2]]);
  });
});
