import { describe, expect, it } from "vitest";
import { parseRequest, parseResult } from "./agent-protocol.js";

describe("parseRequest (the agent's boundary)", () => {
  it.each([
    ['{"id":1,"op":"hello"}', { id: 1, as: "client", op: "hello", args: {} }],
    [
      '{"id":2,"op":"ctl.open","host":"10.0.0.2","port":21,"timeoutMs":500}',
      { id: 2, as: "client", op: "ctl.open", args: { host: "10.0.0.2", port: 21, timeoutMs: 500 } },
    ],
    [
      '{"id":3,"op":"client.run","client":"basic-ftp","args":[],"env":{"FTP_HOST":"h"},"timeoutMs":9}',
      {
        id: 3,
        as: "client",
        op: "client.run",
        args: { client: "basic-ftp", args: [], env: { FTP_HOST: "h" }, timeoutMs: 9 },
      },
    ],
    // The host that answers: the client unless a request names the intruder.
    [
      '{"id":4,"as":"intruder","op":"tcp.probe","host":"10.0.0.2","port":21,"timeoutMs":500}',
      { id: 4, as: "intruder", op: "tcp.probe", args: { host: "10.0.0.2", port: 21, timeoutMs: 500 } },
    ],
    ['{"id":5,"as":"client","op":"hello"}', { id: 5, as: "client", op: "hello", args: {} }],
  ])("accepts %s", (line, request) => {
    expect(parseRequest(line)).toEqual({ request });
  });

  it.each([
    ["not json", null, "request is not JSON"],
    ["[1]", null, "request has no numeric id"],
    ['"x"', null, "request is not an object"],
    ['{"op":"hello"}', null, "request has no numeric id"],
    ['{"id":4,"op":"rm -rf"}', 4, "unknown op 'rm -rf'"],
    ['{"id":5,"op":"tcp.probe","host":"h","port":"21","timeoutMs":1}', 5, "tcp.probe: port:"],
    ['{"id":6,"op":"ctl.send","session":"ctl-1","timeoutMs":1}', 6, "ctl.send: line:"],
    ['{"id":7,"op":"client.run","client":"../x","args":[],"env":{},"timeoutMs":1}', 7, "client.run: client:"],
    ['{"id":8,"op":"data.write","data":"d","size":-1,"seed":1}', 8, "data.write: size:"],
    ['{"id":9,"as":"server","op":"hello"}', 9, "unknown host 'server' (as: client or intruder)"],
    ['{"id":10,"as":null,"op":"hello"}', 10, "unknown host 'null'"],
  ])("refuses %s, naming the field", (line, id, error) => {
    const parsed = parseRequest(line);
    expect(parsed).toMatchObject({ id });
    expect("error" in parsed && parsed.error).toContain(error);
  });
});

describe("parseResult (the harness's boundary)", () => {
  it("keeps the result's fields and drops the envelope", () => {
    expect(parseResult("hello", { id: 1, ok: true, node: "v18.19.0", allowed: 2 })).toEqual({
      node: "v18.19.0",
      allowed: 2,
    });
    expect(parseResult("ctl.read", { id: 2, ok: true, failure: "timeout" })).toEqual({ failure: "timeout" });
  });

  it.each([
    ["hello", { node: "v18" }, "hello answered out of protocol: allowed:"],
    ["tcp.probe", { outcome: "maybe", elapsedMs: 1 }, "tcp.probe answered out of protocol: outcome:"],
    ["ctl.read", { reply: { code: "220", lines: [] } }, "ctl.read answered out of protocol"],
  ] as const)("throws on a %s result out of protocol", (op, message, error) => {
    expect(() => parseResult(op, message)).toThrow(error);
  });
});
