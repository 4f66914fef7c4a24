import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { localAgent } from "../../testing/agents-fixture.js";

/** Dials host:port from `localPort` (0: any) and writes `content`, as a server's active-mode DTP does. */
function dialAndSend(host: string, port: number, content: string, localPort = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress: "127.0.0.1", localPort });
    socket.on("error", reject);
    socket.on("connect", () => {
      const from = socket.localPort ?? 0;
      socket.end(content, () => resolve(from));
    });
  });
}

describe("agent data.listen / data.accept (active mode)", () => {
  const agent = localAgent();

  it("should hand back the first connection as a data handle, with the peer's address and port", async () => {
    const listening = await agent.request("data.listen", {});
    expect(listening).toMatchObject({ address: "127.0.0.1", subnet: "127.0.0.0/8" });
    // The server sends and closes before the harness asks: nothing is lost.
    const from = await dialAndSend(listening.address, listening.port, "hello active mode");
    const accepted = await agent.request("data.accept", { listener: listening.listener, timeoutMs: 1000 });
    expect(accepted).toMatchObject({ outcome: "connected", peerAddress: "127.0.0.1", peerPort: from });
    const read = await agent.request("data.read", { data: accepted.data ?? "", timeoutMs: 1000 });
    expect(read).toMatchObject({ outcome: "eof", bytes: 17, head: "hello active mode" });
  });

  it("should let the harness upload over the accepted connection", async () => {
    const listening = await agent.request("data.listen", {});
    const received = new Promise<number>((resolve, reject) => {
      const socket = connect({ host: listening.address, port: listening.port });
      let bytes = 0;
      socket.on("data", (chunk: Buffer) => (bytes += chunk.length));
      socket.on("end", () => resolve(bytes));
      socket.on("error", reject);
    });
    const accepted = await agent.request("data.accept", { listener: listening.listener, timeoutMs: 1000 });
    const written = await agent.request("data.write", { data: accepted.data ?? "", size: 70000, seed: 3 });
    expect(written.bytes).toBe(70000);
    expect(await received).toBe(70000);
  });

  it("should say when nothing connected within the wait, and stop listening", async () => {
    const listening = await agent.request("data.listen", {});
    const accepted = await agent.request("data.accept", { listener: listening.listener, timeoutMs: 300 });
    expect(accepted).toEqual({ outcome: "timeout", elapsedMs: 300 });
    const probe = await agent.request("tcp.probe", { host: listening.address, port: listening.port, timeoutMs: 500 });
    expect(probe.outcome).toBe("refused");
  });

  it("should refuse to listen on an address that is not its own inside the topology", async () => {
    await expect(agent.request("data.listen", { address: "127.0.0.9" })).rejects.toThrow(/no address of this host/);
    await expect(agent.request("data.listen", { address: "192.0.2.1" })).rejects.toThrow(/no address of this host/);
  });

  it("should refuse an unknown listener", async () => {
    await expect(agent.request("data.accept", { listener: "active-999", timeoutMs: 100 })).rejects.toThrow(
      /no data listener/,
    );
  });
});
