import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { AGENT_PROGRAM } from "../../images/in-image-programs.js";
import { localAgent, localAgents } from "../../testing/agents-fixture.js";
import { bundledProgram } from "../../testing/bundled-program.js";
import { INTRUDER_ADDRESS } from "../../testing/local-agent.js";
import type { AgentHost } from "../agent-protocol.js";

/** A loopback server greeting each connection, and the address each came from. */
async function greetingServer(): Promise<{ server: Server; port: number; peers: string[] }> {
  const peers: string[] = [];
  const server = createServer((socket) => {
    peers.push(socket.remoteAddress ?? "?");
    socket.on("error", () => undefined);
    socket.end("220 hi\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, peers };
}

/** The bundled agent as a child process with `args`, asked in raw request lines on its stdin. */
function rawAgent(args: string[]) {
  const program = [bundledProgram(AGENT_PROGRAM), "--allow", "127.0.0.0/8,::1/128", ...args];
  const child = spawn(process.execPath, program, { stdio: ["pipe", "pipe", "inherit"] });
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  createInterface({ input: child.stdout }).on("line", (line) => {
    const answer = JSON.parse(line) as Record<string, unknown>;
    waiting.get(answer.id as number)?.(answer);
  });
  return {
    ask: (request: { id: number } & Record<string, unknown>) =>
      new Promise<Record<string, unknown>>((resolve) => {
        waiting.set(request.id, resolve);
        child.stdin.write(`${JSON.stringify(request)}\n`);
      }),
    close: () => child.stdin.end(),
  };
}

describe("the agent process (main.ts): the client and the intruder in one", () => {
  it("should answer both hosts' requests in one process, each dialling from its own address", async () => {
    const { server, port, peers } = await greetingServer();
    const agent = rawAgent(["--bind", "127.0.0.1", "--bind-intruder", INTRUDER_ADDRESS]);
    const dial = { op: "ctl.open", host: "127.0.0.1", port, timeoutMs: 2000 };
    const [client, intruder] = await Promise.all([
      agent.ask({ id: 1, ...dial }),
      agent.ask({ id: 2, as: "intruder", ...dial }),
    ]);
    agent.close();
    server.close();
    expect(client).toMatchObject({ id: 1, ok: true, outcome: "connected", local: "127.0.0.1" });
    expect(intruder).toMatchObject({ id: 2, ok: true, outcome: "connected", local: INTRUDER_ADDRESS });
    expect(peers.sort()).toEqual(["127.0.0.1", INTRUDER_ADDRESS]);
  });

  it("should refuse a host it does not know, and the intruder when started without one", async () => {
    const agent = rawAgent([]);
    expect(await agent.ask({ id: 1, as: "server", op: "hello" })).toEqual({
      id: 1,
      ok: false,
      error: "unknown host 'server' (as: client or intruder)",
    });
    expect(await agent.ask({ id: 2, as: "intruder", op: "hello" })).toEqual({
      id: 2,
      ok: false,
      error: "this agent does not speak for the intruder (started without --bind-intruder)",
    });
    expect(await agent.ask({ id: 3, op: "hello" })).toMatchObject({ id: 3, ok: true });
    agent.close();
  });
});

describe("local agents (one process, a connection per host)", () => {
  const agents = localAgents();

  it("should dial from each host's own address", async () => {
    const { server, port, peers } = await greetingServer();
    const dial = { host: "127.0.0.1", port, timeoutMs: 2000 };
    // Greeted, so the server has taken each connection.
    for (const agent of [agents.client, agents.intruder]) {
      const opened = await agent.request("ctl.open", dial);
      expect(opened.reply?.code).toBe(220);
      await agent.request("ctl.close", { session: opened.session ?? "" });
    }
    server.close();
    expect(peers).toEqual(["127.0.0.1", INTRUDER_ADDRESS]);
  });

  it("should keep each host's handles and listeners its own", async () => {
    const listening = await agents.intruder.request("tcp.listen", {});
    // The intruder listens on its own address only: the client's dial there connects, to 127.0.0.1 it is refused.
    const there = await agents.client.request("tcp.probe", {
      host: INTRUDER_ADDRESS,
      port: listening.port,
      timeoutMs: 2000,
    });
    const elsewhere = await agents.client.request("tcp.probe", {
      host: "127.0.0.1",
      port: listening.port,
      timeoutMs: 2000,
    });
    expect([there.outcome, elsewhere.outcome]).toEqual(["connected", "refused"]);
    await expect(agents.client.request("tcp.accepted", { listener: listening.listener, timeoutMs: 1 })).rejects.toThrow(
      `no listener '${listening.listener}'`,
    );
    const accepted = await agents.intruder.request("tcp.accepted", { listener: listening.listener, timeoutMs: 500 });
    expect(accepted.peers).toHaveLength(1);
  });

  it("should say so when a request names a host the protocol does not know", async () => {
    const stranger = agents.client.forHost("server" as AgentHost, "stranger");
    await expect(stranger.request("hello", {})).rejects.toThrow("agent stranger: unknown host 'server'");
    stranger.close();
    expect((await agents.intruder.request("hello", {})).node).toMatch(/^v/);
  });
});

describe("a local agent started for one host", () => {
  const agent = localAgent();

  it("should answer its client, and refuse the intruder", async () => {
    expect((await agent.request("hello", {})).node).toMatch(/^v/);
    const intruder = agent.forHost("intruder", "intruder");
    await expect(intruder.request("hello", {})).rejects.toThrow("does not speak for the intruder");
    intruder.close();
  });
});
