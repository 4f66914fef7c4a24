import { describe, expect, it } from "vitest";
import { failureNote } from "../ftp/control-session.js";
import { pcapFile, tcpFrame } from "../testing/pcap-frames.js";
import { sampleResult } from "../testing/sample-report.js";
import type { CollectedCaptures } from "../capture/captured-packets.js";
import { explainWithCaptures } from "./attach-captures.js";

const PRIVATE = "02:42:0a:00:00:02";
const PUBLIC = "02:42:c6:00:00:02";
const piece = tcpFrame({
  sourceMac: "02:42:0a:00:00:03",
  destinationMac: PRIVATE,
  source: "10.213.5.3",
  destination: "198.51.100.4",
  sourcePort: 21,
  destinationPort: 40000,
  ipId: 2,
  seq: 62,
  payload: "2",
});

const collected = (dropped: boolean): CollectedCaptures => ({
  files: { files: [{ host: "gateway-private", file: "captures/x--nat-alg--gateway-private.pcap" }] },
  interfaces: [
    { role: "agents", host: "agents", mac: "02:42:c6:00:00:04", pcap: pcapFile([]), cut: false },
    {
      role: "gateway",
      host: "gateway-private",
      mac: PRIVATE,
      pcap: pcapFile(dropped ? [{ at: 1, data: piece }] : []),
      cut: false,
    },
    { role: "gateway", host: "gateway-public", mac: PUBLIC, pcap: pcapFile([]), cut: false },
  ],
});

const stalled = sampleResult({
  check: "pasv.reply",
  verdict: "fail",
  observed: "no reply to PASS within 5 s",
  transcript: [
    { at: 0, dir: "C", text: "PASS ****" },
    { at: 5000, dir: "*", text: failureNote("timeout", "PASS") },
  ],
});
const refused = sampleResult({ check: "epsv.all", verdict: "fail", observed: "200 EPRT ok" });
const passed = sampleResult({ check: "epsv.reply" });
const context = { ftpHelper: true, controlPorts: [21] };

describe("explainWithCaptures", () => {
  it("should note the helper's drop on the results whose reply never came, and link the captures from every finding", () => {
    const [a, b, c] = explainWithCaptures([stalled, refused, passed], collected(true), context);
    expect(a?.note).toMatch(
      /^The packet captures show the gateway dropping .*gateway-private frame 1\b.*nf_conntrack_ftp/,
    );
    expect(a?.captures?.files[0]?.host).toBe("gateway-private");
    expect(b?.note).toBeUndefined();
    expect(b?.captures).toBeDefined();
    expect(c).toBe(passed);
  });

  it("should add no note when the captures show nothing dropped", () => {
    const [a] = explainWithCaptures([stalled], collected(false), context);
    expect(a?.note).toBeUndefined();
  });
});
