import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { WATCHDOG_PROGRAM } from "../images/in-image-programs.js";
import { bundledProgram } from "../testing/bundled-program.js";
import { withDeadline } from "../util/deadline.js";

const RUN_FILTER = "io.ftp-conformance.run=20261123-abcdef";
/** The watchdog bundled as the client image gets it. */
const PROGRAM = bundledProgram(WATCHDOG_PROGRAM);

/** The few engine API routes the watchdog uses, on a unix socket, recording each request. */
class FakeEngine {
  readonly requests: string[] = [];
  containers = [{ Id: "c1" }, { Id: "c2" }, { Id: `${hostname()}0123` }];
  networks = [{ Id: "n1" }];
  readonly dir = mkdtempSync(join(tmpdir(), "watchdog-test-"));
  readonly socket = join(this.dir, "docker.sock");
  private readonly server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://engine");
    this.requests.push(`${request.method} ${url.pathname}`);
    const filters = url.searchParams.get("filters");
    if (filters !== null && filters !== JSON.stringify({ label: [RUN_FILTER] })) {
      response.writeHead(400).end();
      return;
    }
    const [, kind, id] = url.pathname.split("/");
    if (request.method === "GET" && kind === "_ping") return void response.writeHead(200).end("OK");
    if (request.method === "GET" && kind === "containers") return void this.json(response, this.containers);
    if (request.method === "GET" && kind === "networks") return void this.json(response, this.networks);
    if (request.method === "DELETE" && kind === "containers") {
      this.containers = this.containers.filter((c) => c.Id !== id);
      return void response.writeHead(204).end();
    }
    if (request.method === "DELETE" && kind === "networks") {
      this.networks = this.networks.filter((n) => n.Id !== id);
      return void response.writeHead(204).end();
    }
    response.writeHead(404).end();
  });

  listen(): Promise<void> {
    return new Promise((resolve) => this.server.listen(this.socket, resolve));
  }

  close(): void {
    this.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private json(response: import("node:http").ServerResponse, body: unknown): void {
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

/** Starts the watchdog program against `socket`; resolves once its first stdout line is known. */
async function startProgram(socket: string, silenceMs = 60000) {
  const child = spawn(process.execPath, [PROGRAM, RUN_FILTER, String(silenceMs), socket], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    lines.once("close", () => resolve(""));
  });
  return { child, exited, firstLine: await withDeadline(firstLine, 5000, "watchdog's first line") };
}

describe("watchdog program", { timeout: 15000 }, () => {
  let engine: FakeEngine;
  afterEach(() => engine?.close());

  it("should remove the run's containers (not itself), then its networks, when its stdin closes", async () => {
    engine = new FakeEngine();
    await engine.listen();
    const program = await startProgram(engine.socket);
    expect(program.firstLine).toBe("ready");
    program.child.stdin.write("alive\n");
    program.child.stdin.end();
    expect(await withDeadline(program.exited, 10000, "watchdog exit")).toBe(0);
    expect(engine.containers).toEqual([{ Id: `${hostname()}0123` }]);
    expect(engine.networks).toEqual([]);
    const deletes = engine.requests.filter((r) => r.startsWith("DELETE"));
    // Containers go in parallel, so in either order; the network only after both.
    expect(deletes.slice(0, 2).sort()).toEqual(["DELETE /containers/c1", "DELETE /containers/c2"]);
    expect(deletes.slice(2)).toEqual(["DELETE /networks/n1"]);
  });

  it("should exit without removing anything when told the run is done", async () => {
    engine = new FakeEngine();
    await engine.listen();
    const program = await startProgram(engine.socket);
    program.child.stdin.write("done\n");
    expect(await withDeadline(program.exited, 5000, "watchdog exit")).toBe(0);
    expect(engine.requests.filter((r) => r.startsWith("DELETE"))).toEqual([]);
    expect(engine.containers).toHaveLength(3);
  });

  it("should remove the run when the harness stays silent past the limit, stdin still open", async () => {
    engine = new FakeEngine();
    await engine.listen();
    const program = await startProgram(engine.socket, 300);
    expect(await withDeadline(program.exited, 10000, "watchdog exit")).toBe(0);
    expect(engine.networks).toEqual([]);
    expect(engine.containers).toHaveLength(1);
    program.child.stdin.destroy();
  });

  it("should say why and exit 1 when the engine socket does not answer", async () => {
    engine = new FakeEngine();
    const program = await startProgram(join(engine.dir, "missing.sock"));
    expect(program.firstLine).toMatch(/^error: engine socket .*missing\.sock: /);
    expect(await withDeadline(program.exited, 5000, "watchdog exit")).toBe(1);
  });
});
