import { describe, expect, it } from "vitest";
import type { FtpReply } from "../agent-protocol.js";
import { EMPTY_FRAMER, frameReplies, MAX_LINE_BYTES, MAX_REPLY_LINES, type Framed } from "./frame-replies.js";

/** Feeds the chunks in order, collecting every reply; stops at the first failure. */
function frameAll(chunks: readonly string[]): Framed {
  let state = EMPTY_FRAMER;
  const replies: FtpReply[] = [];
  for (const chunk of chunks) {
    const framed = frameReplies(state, chunk);
    replies.push(...framed.replies);
    state = framed.state;
    if (framed.failure) return { replies, state, failure: framed.failure };
  }
  return { replies, state, failure: null };
}

describe("frameReplies (RFC 959 section 4.2)", () => {
  it.each<[string, string[], FtpReply[], string]>([
    ["a single-line reply", ["220 ready\r\n"], [{ code: 220, lines: ["220 ready"] }], ""],
    ["a bare LF line end", ["220 ready\n"], [{ code: 220, lines: ["220 ready"] }], ""],
    ["a code alone", ["200\r\n"], [{ code: 200, lines: ["200"] }], ""],
    [
      "a multi-line reply, with a line inside that starts ' 220 '",
      ["220-Welcome\r\n220-more\r\n 220 not the end\r\n220 ready\r\n"],
      [{ code: 220, lines: ["220-Welcome", "220-more", " 220 not the end", "220 ready"] }],
      "",
    ],
    [
      "a multi-line reply closed by the code alone",
      ["211-Features:\r\n EPSV\r\n211\r\n"],
      [{ code: 211, lines: ["211-Features:", " EPSV", "211"] }],
      "",
    ],
    [
      "a line inside with another code does not close it",
      ["150-x\r\n226 no\r\n150 yes\r\n"],
      [{ code: 150, lines: ["150-x", "226 no", "150 yes"] }],
      "",
    ],
    [
      "two replies in one chunk",
      ["227 Entering Passive Mode (1,2,3,4,5,6)\r\n226 done\r\n"],
      [
        { code: 227, lines: ["227 Entering Passive Mode (1,2,3,4,5,6)"] },
        { code: 226, lines: ["226 done"] },
      ],
      "",
    ],
    ["a reply split across chunks", ["22", "0 rea", "dy\r", "\n"], [{ code: 220, lines: ["220 ready"] }], ""],
    ["a line without a code", ["hello there\r\n"], [{ code: null, lines: ["hello there"] }], ""],
    ["an empty line", ["\r\n"], [{ code: null, lines: [""] }], ""],
    ["a reply cut mid-line stays partial", ["220 hal"], [], "220 hal"],
    ["four digits read as a code and text", ["2200 x\r\n"], [{ code: 220, lines: ["2200 x"] }], ""],
  ])("frames %s", (_name, chunks, replies, partial) => {
    const framed = frameAll(chunks);
    expect(framed.failure).toBeNull();
    expect(framed.replies).toEqual(replies);
    expect(framed.state.partial).toBe(partial);
  });

  it("keeps a multi-line reply open across calls until its last line", () => {
    const first = frameReplies(EMPTY_FRAMER, "230-Hi\r\n");
    expect(first.replies).toEqual([]);
    expect(first.state.open).toEqual({ code: 230, lines: ["230-Hi"] });
    const second = frameReplies(first.state, "230 in\r\n");
    expect(second.replies).toEqual([{ code: 230, lines: ["230-Hi", "230 in"] }]);
    expect(second.state).toEqual(EMPTY_FRAMER);
  });

  it.each<[string, string[], Framed["failure"], number]>([
    ["an unterminated line past the limit", [`220 ${"A".repeat(MAX_LINE_BYTES)}`], "line-too-long", 0],
    ["a terminated line past the limit", [`220 ${"A".repeat(MAX_LINE_BYTES)}\r\n`], "line-too-long", 0],
    ["a long line built from small chunks", Array(MAX_LINE_BYTES / 64 + 2).fill("A".repeat(64)), "line-too-long", 0],
    [
      "a multi-line reply past the line limit",
      ["220-start\r\n", ...Array(MAX_REPLY_LINES).fill(" more\r\n")],
      "reply-too-long",
      0,
    ],
    ["replies before the failure are kept", ["200 ok\r\n", `${"B".repeat(MAX_LINE_BYTES + 1)}\n`], "line-too-long", 1],
  ])("fails on %s", (_name, chunks, failure, replies) => {
    const framed = frameAll(chunks);
    expect(framed.failure).toBe(failure);
    expect(framed.replies).toHaveLength(replies);
  });

  it("takes a line of exactly the limit", () => {
    const framed = frameReplies(EMPTY_FRAMER, `${"2".repeat(3)} ${"A".repeat(MAX_LINE_BYTES - 4)}\r\n`);
    expect(framed.failure).toBeNull();
    expect(framed.replies).toHaveLength(1);
  });
});
