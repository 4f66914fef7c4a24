#!/usr/bin/env node
/**
 * The basic-ftp wrapper of the client matrix: basic-ftp 6 with its defaults (EPSV first, then
 * PASV, its own rules for the 227 address) downloads FTP_FILE to stdout; its protocol log goes to
 * stderr; exit 1 on any failure. With FTP_DOWNLOADS, a series in one session: the file downloaded
 * that many times (harness/clients/client-request.ts). Bundled with basic-ftp into the client image as
 * clients/basic-ftp.cjs (harness/images/in-image-programs.ts), where the agent's client.run finds
 * it by name.
 */
import { Writable } from "node:stream";
import { Client } from "basic-ftp";
import { clientRequest } from "./client-request.js";

/** stdout as a Writable that waits for it to drain (a pipe to the agent); one per download, since each ends its own. */
const stdout = () =>
  new Writable({
    write: (chunk, _encoding, done) => (process.stdout.write(chunk) ? done() : process.stdout.once("drain", done)),
  });

async function main(): Promise<void> {
  const request = clientRequest(process.env);
  const client = new Client(request.timeoutMs);
  client.ftp.verbose = true;
  client.ftp.log = (message) => process.stderr.write(`${message}\n`);
  try {
    await client.access(request.access);
    for (let download = 0; download < request.downloads; download += 1) await client.downloadTo(stdout(), request.file);
  } finally {
    client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`basic-ftp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
