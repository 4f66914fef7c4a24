#!/usr/bin/env node
"use strict";
// basic-ftp 6, defaults: EPSV first, then PASV (its own rules for the 227 address). Its log goes
// to stderr, the file to stdout.
const { Writable } = require("node:stream");
const { Client } = require("basic-ftp");

async function main() {
  const env = process.env;
  const client = new Client(Number(env.FTP_TIMEOUT_SECONDS || "2") * 1000);
  client.ftp.verbose = true;
  client.ftp.log = (message) => process.stderr.write(`${message}\n`);
  const stdout = new Writable({
    write: (chunk, _encoding, done) => (process.stdout.write(chunk) ? done() : process.stdout.once("drain", done)),
  });
  try {
    await client.access({
      host: env.FTP_HOST,
      port: Number(env.FTP_PORT),
      user: env.FTP_USER,
      password: env.FTP_PASSWORD,
    });
    await client.downloadTo(stdout, env.FTP_FILE);
  } finally {
    client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`basic-ftp: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
