import { describe, expect, it } from "vitest";
import { parsePasvReply } from "./parse-pasv.js";

describe("parsePasvReply", () => {
  it.each([
    ["227 Entering Passive Mode (10,0,0,1,8,7).", "10.0.0.1", 2055],
    ["227 Entering Passive Mode (198,51,100,2,117,48)", "198.51.100.2", 30000],
    ["227 =203,0,113,9,0,21", "203.0.113.9", 21],
    ["227 Entering Passive Mode 192,168,1,10,255,255", "192.168.1.10", 65535],
    ["227 ok ( 1 , 2 , 3 , 4 , 5 , 6 )", "1.2.3.4", 1286],
    ["227-first line\n227 Entering Passive Mode (127,0,0,1,4,1)", "127.0.0.1", 1025],
  ])("reads %j", (text, host, port) => {
    expect(parsePasvReply(text)).toEqual({ ok: true, host, port });
  });

  it.each([
    ["227 Entering Passive Mode", "no numbers"],
    ["227 Entering Passive Mode (300,0,0,1,117,48)", "h1 = 300 is outside 0..255"],
    ["227 Entering Passive Mode (10,0,0,1,256,0)", "p1 = 256 is outside 0..255"],
    ["227 Entering Passive Mode (10,0,0,1,0,0)", "port p1*256+p2 = 0"],
    ["227 Entering Passive Mode (10,0,0,1,117)", "not six comma-separated numbers"],
    ["227 Entering Passive Mode (10;0;0;1;117;48)", "not six comma-separated numbers"],
    ["227 Entering Passive Mode (-1,0,0,1,117,48)", "negative"],
    ["227 Entering Passive Mode (99999999999999999999,0,0,1,1,1)", "not six comma-separated numbers"],
    [`227 ${"9".repeat(100000)}`, "not six comma-separated numbers"],
  ])("rejects %j", (text, problem) => {
    const parsed = parsePasvReply(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
