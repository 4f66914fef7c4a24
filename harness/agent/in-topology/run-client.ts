import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ClientRunResult } from "../agent-protocol.js";

const CLIENT_LOG_BYTES = 32 * 1024;

/**
 * The wrapper script of a named client in `clientsDir` (one per real FTP client: it reads FTP_HOST,
 * FTP_PORT, FTP_USER, FTP_PASSWORD and FTP_FILE, writes the file to stdout and the client's
 * protocol log to stderr). The request schema allows only [a-z0-9-] names, so no path escapes.
 */
export function findClient(clientsDir: string, name: string): string {
  const file = readdirSync(clientsDir).find((f) => f.replace(/\.[a-z]+$/, "") === name);
  if (!file) throw new Error(`no client '${name}' in ${clientsDir}`);
  return join(clientsDir, file);
}

/** The start and end of a long log, with how much was left out between them. */
export function clipLog(all: string, totalBytes: number, limit = CLIENT_LOG_BYTES): string {
  if (totalBytes <= limit) return all;
  return `${all.slice(0, limit / 2)}\n[... ${totalBytes - limit} bytes of log left out ...]\n${all.slice(-limit / 2)}`;
}

/**
 * Runs a client wrapper to completion or until `timeoutMs`, then kills its process group. Hashes
 * what it writes to stdout (the file) and keeps the start and end of its log. The wrapper's temporary
 * files (curl's and lftp's CA file) go to the agent's TMPDIR when it has one (the self-tests' local agent).
 */
export function runClient(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<ClientRunResult> {
  const started = Date.now();
  const child = spawn(script, [...args], {
    env: {
      PATH: process.env.PATH,
      HOME: "/tmp",
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const hash = createHash("sha256");
  let bytes = 0;
  const log: Buffer[] = [];
  let logBytes = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  child.stderr.on("data", (chunk: Buffer) => {
    log.push(chunk);
    logBytes += chunk.length;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({
        exitCode: null,
        signal: null,
        timedOut,
        bytes,
        sha256: null,
        log: error.message,
        elapsedMs: Date.now() - started,
      });
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        timedOut,
        bytes,
        sha256: hash.digest("hex"),
        log: clipLog(Buffer.concat(log).toString("latin1"), logBytes),
        elapsedMs: Date.now() - started,
      });
    });
  });
}
