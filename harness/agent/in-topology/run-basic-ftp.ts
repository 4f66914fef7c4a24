import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { Client } from "basic-ftp";
import { DeadlineError, withDeadline } from "../../util/deadline.js";
import type { ClientRunResult } from "../agent-protocol.js";
import { clientRequest, type ClientRequest } from "./client-request.js";
import { clipLog } from "./run-client.js";

/**
 * basic-ftp 6 with its defaults (EPSV first, then PASV, its own rules for the 227 address): logs
 * in and downloads `request.file` `request.downloads` times in one session (the series), handing
 * the bytes and its verbose protocol log on. Rejects on any failure; closes the client either way.
 */
async function basicFtpDownloads(
  client: Client,
  request: ClientRequest,
  sink: { data(chunk: Buffer): void; log(line: string): void },
): Promise<void> {
  client.ftp.verbose = true;
  client.ftp.log = (message) => sink.log(message);
  try {
    await client.access(request.access);
    for (let download = 0; download < request.downloads; download += 1) {
      const to = new Writable({
        write: (chunk: Buffer, _encoding, done) => {
          sink.data(chunk);
          done();
        },
      });
      await client.downloadTo(to, request.file);
    }
  } finally {
    client.close();
  }
}

/**
 * basic-ftp, the client matrix's Node.js client, run in the agent's own process: the same library
 * and request as a wrapper would run (client-request.ts reads the environment),
 * without a Node.js process start per run (~0.2 s of CPU each, twice per pair). Its result reads
 * like a wrapper's: exit code 0 when every download completed, 1 with "basic-ftp: <error>" as the
 * log's last line otherwise; at `timeoutMs` the client is closed and the run counts as timed out.
 */
export async function runBasicFtp(env: Readonly<Record<string, string>>, timeoutMs: number): Promise<ClientRunResult> {
  const started = Date.now();
  const hash = createHash("sha256");
  let bytes = 0;
  let log = "";
  const addLog = (line: string) => {
    log += `${line}\n`;
  };
  let exitCode: number | null = 0;
  let timedOut = false;
  try {
    const request = clientRequest(env);
    // The request's timeout bounds each connection and reply.
    const client = new Client(request.timeoutMs);
    const run = basicFtpDownloads(client, request, {
      data: (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      },
      log: addLog,
    });
    try {
      await withDeadline(run, timeoutMs, "basic-ftp's run");
    } catch (error) {
      // basic-ftp's own failure is the run's (exit 1, below); past the limit the client is closed.
      if (!(error instanceof DeadlineError)) throw error;
      timedOut = true;
      exitCode = null;
      client.close();
      run.catch(() => undefined);
    }
  } catch (error) {
    exitCode = 1;
    addLog(`basic-ftp: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    exitCode,
    signal: null,
    timedOut,
    bytes,
    sha256: hash.digest("hex"),
    log: clipLog(log, Buffer.byteLength(log)),
    elapsedMs: Date.now() - started,
  };
}

/** The clients the agent runs in its own process, by the name client.run is given. */
export const IN_PROCESS_CLIENTS: ReadonlyMap<
  string,
  (env: Readonly<Record<string, string>>, timeoutMs: number) => Promise<ClientRunResult>
> = new Map([["basic-ftp", runBasicFtp]]);
