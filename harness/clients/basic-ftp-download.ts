import { Writable } from "node:stream";
import { Client } from "basic-ftp";
import type { ClientRequest } from "./client-request.js";

/** Where a basic-ftp run's downloaded bytes and its protocol log go. */
export interface DownloadSink {
  data(chunk: Buffer): void;
  log(line: string): void;
}

/**
 * The basic-ftp client of the client matrix: basic-ftp 6 with its defaults (EPSV first, then PASV,
 * its own rules for the 227 address) logs in and downloads `request.file` `request.downloads`
 * times in one session (the series), handing the bytes and its verbose protocol log to `sink`.
 * `client` is passed in so that the caller can close it (its time limit). Rejects on any failure.
 */
export async function basicFtpDownloads(client: Client, request: ClientRequest, sink: DownloadSink): Promise<void> {
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

/** A basic-ftp client with the request's timeout for each connection and reply. */
export function basicFtpClient(request: ClientRequest): Client {
  return new Client(request.timeoutMs);
}
