import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runBasicFtp } from "./run-basic-ftp.js";

const sockets: Socket[] = [];
/** The accepted connections the client has ended. */
let ended = 0;
let server: Server | undefined;

afterEach(async () => {
  sockets.splice(0).forEach((s) => s.destroy());
  ended = 0;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A control port that accepts and never greets. */
async function silentServer(): Promise<number> {
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on("end", () => (ended += 1)).resume();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

const env = (port: number) => ({
  FTP_HOST: "127.0.0.1",
  FTP_PORT: String(port),
  FTP_USER: "u",
  FTP_PASSWORD: "p",
  FTP_FILE: "f",
  FTP_TIMEOUT_SECONDS: "30",
});

describe("runBasicFtp (basic-ftp inside the agent)", () => {
  it("should end at its time limit, closing the client, when the server never greets", async () => {
    const result = await runBasicFtp(env(await silentServer()), 300);
    expect(result).toMatchObject({ exitCode: null, signal: null, timedOut: true, bytes: 0 });
    // The client closed its control connection at the limit.
    expect(sockets).toHaveLength(1);
    await expect.poll(() => ended).toBe(1);
  });

  it("should exit 1 with basic-ftp's error as the log's last line when the request lacks a variable", async () => {
    const withoutHost: Record<string, string> = env(21);
    delete withoutHost.FTP_HOST;
    const result = await runBasicFtp(withoutHost, 1000);
    expect(result).toMatchObject({ exitCode: 1, timedOut: false, bytes: 0 });
    expect(result.log.trim().split("\n").at(-1)).toBe("basic-ftp: FTP_HOST is not set");
  });

  it("should exit 1 naming the refusal when nothing listens", async () => {
    const port = await silentServer();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const result = await runBasicFtp(env(port), 5000);
    expect(result.exitCode).toBe(1);
    expect(result.log).toMatch(/^basic-ftp: .*ECONNREFUSED/m);
  });
});
