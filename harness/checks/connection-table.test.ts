import { describe, expect, it } from "vitest";
import { parseConnectionTable } from "./connection-table.js";

describe("parseConnectionTable", () => {
  it("should read the original and reply direction of each TCP entry", () => {
    const table = [
      "ipv4     2 tcp      6 117 TIME_WAIT src=198.51.100.4 dst=198.51.100.2 sport=40000 dport=21 src=10.213.5.3 dst=10.213.5.2 sport=21 dport=40000 [ASSURED] mark=0 zone=0 use=2",
      "ipv4     2 tcp      6 58 SYN_RECV src=198.51.100.5 dst=198.51.100.2 sport=41000 dport=30001 [UNREPLIED] src=10.213.5.3 dst=10.213.5.6 sport=30001 dport=41000 mark=0 zone=0 use=2",
      "ipv4     2 udp      17 20 src=10.213.5.3 dst=127.0.0.11 sport=5000 dport=53 src=127.0.0.11 dst=10.213.5.3 sport=53 dport=5000 mark=0 use=2",
      "",
    ].join("\n");
    expect(parseConnectionTable(table)).toEqual([
      {
        original: { src: "198.51.100.4", dst: "198.51.100.2", sport: 40000, dport: 21 },
        reply: { src: "10.213.5.3", dst: "10.213.5.2", sport: 21, dport: 40000 },
      },
      {
        original: { src: "198.51.100.5", dst: "198.51.100.2", sport: 41000, dport: 30001 },
        reply: { src: "10.213.5.3", dst: "10.213.5.6", sport: 30001, dport: 41000 },
      },
    ]);
  });

  it("should leave out a line without both directions", () => {
    expect(parseConnectionTable("ipv4 2 tcp 6 10 CLOSE src=1.2.3.4 dst=5.6.7.8 sport=1 dport=2")).toEqual([]);
  });
});
