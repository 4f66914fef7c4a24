import { describe, expect, it } from "vitest";
import type { DroppedSegment } from "./gateway-drops.js";
import { droppedSegmentsNote, isPartialHelperMatch } from "./helper-drops-note.js";

const drop = (frame: number, payload: string, over: Partial<DroppedSegment> = {}): DroppedSegment => ({
  host: "gateway-private",
  frame,
  fromServer: true,
  connection: "10.213.5.3:21>198.51.100.4:40000",
  seq: 62,
  payload: Buffer.from(payload, "latin1"),
  ...over,
});

describe("isPartialHelperMatch", () => {
  it.each([
    ["2", true, true],
    ["22", true, true],
    ["229", true, true],
    ["227 Entering Passive Mode (10,213", true, true],
    ["227 Entering Passive Mode (10,213,5,3,117,48).\r\n", true, false],
    ["23", true, false],
    ["3", true, false],
    ["P", false, true],
    ["ep", false, true],
    ["PASV\r\n", false, false],
    ["2", false, false],
  ])("should say whether %j (from the server: %s) is held as a partial match: %s", (text, fromServer, held) => {
    expect(isPartialHelperMatch(Buffer.from(text, "latin1"), fromServer)).toBe(held);
  });
});

describe("droppedSegmentsNote", () => {
  const drops = [drop(202, "2"), drop(205, "2"), drop(206, "2"), drop(342, "2", { seq: 90 })];

  it("should blame the FTP helper, with the frames to open, when it runs and holds every dropped piece", () => {
    const note = droppedSegmentsNote(drops, true);
    expect(note).toContain(
      "The packet captures show the gateway dropping the server's control-connection segments: 4 reached it and " +
        'left on no other side (gateway-private frames 202, 205, 206, 342), holding "2"; 2 of them were the sender ' +
        "resending a segment already dropped.",
    );
    expect(note).toContain("the kernel FTP helper on the gateway (nf_conntrack_ftp) drops such a segment");
    expect(note).toContain(
      "the stall is the FTP helper's, with a server that sends its replies in pieces, not the harness's",
    );
  });

  it("should only say where the reply was lost without the helper, or for what it would not hold", () => {
    for (const note of [droppedSegmentsNote(drops, false), droppedSegmentsNote([drop(9, "230 OK\r\n")], true)]) {
      expect(note).toContain("The reply was sent and lost inside the gateway, not ignored by the harness.");
      expect(note).not.toContain("nf_conntrack_ftp");
    }
  });

  it("should say nothing when nothing was dropped", () => {
    expect(droppedSegmentsNote([], true)).toBeNull();
  });
});
