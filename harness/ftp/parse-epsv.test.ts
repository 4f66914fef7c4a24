import { describe, expect, it } from "vitest";
import { parseEpsvReply } from "./parse-epsv.js";

describe("parseEpsvReply", () => {
  it.each([
    ["229 Entering Extended Passive Mode (|||6446|)", 6446, "|"],
    ["229 Entering Extended Passive Mode (|||30000|).", 30000, "|"],
    ["229 (!!!1!)", 1, "!"],
    ["229 ok (~~~65535~)", 65535, "~"],
  ])("reads %j", (text, port, delimiter) => {
    expect(parseEpsvReply(text)).toEqual({ ok: true, port, delimiter });
  });

  it.each([
    ["229 Entering Extended Passive Mode |||6446|", "no parenthesised"],
    ["229 Entering Extended Passive Mode (|!|6446|)", "mixed delimiters"],
    ["229 (|||6446!)", "mixed delimiters"],
    ["229 (|1|10.0.0.1|6446|)", "must be empty"],
    ["229 (|||0|)", "port 0 is outside 1..65535"],
    ["229 (|||65536|)", "port 65536 is outside 1..65535"],
    ["229 (|||64a6|)", "not a decimal number"],
    ["229 (|||-5|)", "not a decimal number"],
    ["229 (   6446 )", "delimiter code 32"],
    ["229 (||||)", "too short"],
    [`229 (|||${"1".repeat(100000)}|)`, "not a decimal number"],
  ])("rejects %j", (text, problem) => {
    const parsed = parseEpsvReply(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
