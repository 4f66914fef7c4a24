import { spawn } from "node:child_process";
import { createServer, type AddressInfo, type Server } from "node:net";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { AGENT_PROGRAM } from "../../images/in-image-programs.js";
import { bundledProgram } from "../../testing/bundled-program.js";
import { INTRUDER_ADDRESS } from "../../testing/local-agent.js";

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
