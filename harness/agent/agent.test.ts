import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { localAgent } from "../testing/agents-fixture.js";

/** A loopback server that writes `script` to each connection, then leaves it open. */
async function scriptedServer(script: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    script(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe("agent", () => {
  const agent = localAgent();

  it("should frame multi-line replies (RFC 959 section 4.2)", async () => {
    const { server, port } = await scriptedServer((s) =>
      s.write("220-Welcome\r\n220-more\r\n 220 not the end\r\n220 ready\r\n"),
    );
    const opened = await agent.request("ctl.open", { host: "127.0.0.1", port, timeoutMs: 1000 });
    expect(opened.reply).toEqual({ code: 220, lines: ["220-Welcome", "220-more", " 220 not the end", "220 ready"] });
    server.close();
  });

  it("should drop a connection that sends a 10 MB line, and stay responsive", async () => {
    const { server, port } = await scriptedServer((s) => s.write(`220 ${"A".repeat(10 * 1024 * 1024)}`));
    const opened = await agent.request("ctl.open", { host: "127.0.0.1", port, timeoutMs: 3000 });
    expect(opened.failure).toBe("line-too-long");
    expect((await agent.request("hello", {})).node).toMatch(/^v/);
    server.close();
  });

  it("should report a reply cut mid-line as a timeout", async () => {
    const { server, port } = await scriptedServer((s) => s.write("220 hal"));
    const opened = await agent.request("ctl.open", { host: "127.0.0.1", port, timeoutMs: 300 });
    expect(opened.failure).toBe("timeout");
    server.close();
  });

  it("should return a line without a code as a reply with code null", async () => {
    const { server, port } = await scriptedServer((s) => s.write("hello there\r\n"));
    const opened = await agent.request("ctl.open", { host: "127.0.0.1", port, timeoutMs: 1000 });
    expect(opened.reply).toEqual({ code: null, lines: ["hello there"] });
    server.close();
  });

  it("should never dial outside the allowed subnets", async () => {
    for (const host of ["192.0.2.1", "8.8.8.8", "10.0.0.1"]) {
      const result = await agent.request("data.connect", { host, port: 21, timeoutMs: 1000 });
      expect(result).toMatchObject({ outcome: "outside-topology", elapsedMs: 0 });
    }
    const named = await agent.request("tcp.probe", { host: "example.com", port: 80, timeoutMs: 1000 });
    expect(named.outcome).toBe("not-an-address");
  });

  it("should tell refused from timed out", async () => {
    const { server, port } = await scriptedServer(() => undefined);
    server.close();
    const refused = await agent.request("tcp.probe", { host: "127.0.0.1", port, timeoutMs: 1000 });
    expect(refused.outcome).toBe("refused");
  });
});
