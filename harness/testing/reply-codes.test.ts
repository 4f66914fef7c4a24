import { describe, expect, it } from "vitest";
import type { TranscriptEntry } from "../ftp/transcript.js";
import { replyCodes } from "./reply-codes.js";

const at = 0;
const transcript: TranscriptEntry[] = [
  { at, dir: "C", text: "EPSV 4" },
  { at, dir: "S", text: "522-hello" },
  { at, dir: "S", text: " indented 229 line" },
  { at, dir: "S", text: "522 use (1)" },
  { at, dir: "C", text: "PASV" },
  { at, dir: "*", text: "connected" },
  { at, dir: "S", text: "227 Entering Passive Mode (127,0,0,1,4,1)" },
  { at, dir: "C", text: "PORT 127,0,0,1,156,64" },
  { at, dir: "C", text: "QUIT" },
];

describe("replyCodes", () => {
  it("should give each command's reply code from the last line of its reply", () => {
    expect(replyCodes({ transcript }, ["EPSV 4", "PASV", "PORT", "QUIT", "EPSV", "USER"])).toEqual({
      "EPSV 4": 522,
      PASV: 227,
      PORT: undefined,
      QUIT: undefined,
      EPSV: 522,
      USER: undefined,
    });
  });
});
