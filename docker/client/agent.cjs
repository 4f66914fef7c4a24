"use strict";
// In-topology probe agent. Runs in the client and intruder containers (Debian's nodejs 18, no
// dependencies) and in-process for the harness's self-tests. Speaks JSON lines on stdin/stdout:
// request {id, op, ...args} -> response {id, ok, ...result}. One long-lived process serves every
// check, so a protocol step costs one line each way, not a container start or a docker exec.
// It dials only addresses inside the CIDRs given with --allow: a server may advertise any
// address, and probes follow it only inside the topology.
const net = require("node:net");
const crypto = require("node:crypto");
const readline = require("node:readline");
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");

const MAX_LINE_BYTES = 8192;
const MAX_REPLY_LINES = 200;
const MAX_DATA_BYTES = 64 * 1024 * 1024;
const HEAD_BYTES = 4096;
const CLIENT_LOG_BYTES = 32 * 1024;
// Real FTP clients, one wrapper each: it reads FTP_HOST, FTP_PORT, FTP_USER, FTP_PASSWORD and
// FTP_FILE, writes the file to stdout and the client's protocol log to stderr.
const CLIENTS_DIR = path.join(__dirname, "clients");

function parseCidr(text) {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`bad CIDR '${text}'`);
  const bits = Number(match[5]);
  return { base: ipToInt(match.slice(1, 5).join(".")), bits };
}

function ipToInt(ip) {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function inCidr(ipInt, cidr) {
  if (cidr.bits === 0) return true;
  const mask = (0xffffffff << (32 - cidr.bits)) >>> 0;
  return (ipInt & mask) >>> 0 === (cidr.base & mask) >>> 0;
}

function classifySocketError(error) {
  switch (error && error.code) {
    case "ECONNREFUSED":
      return "refused";
    case "ENETUNREACH":
    case "EHOSTUNREACH":
    case "EHOSTDOWN":
      return "unreachable";
    case "ECONNRESET":
      return "reset";
    default:
      return "error";
  }
}

// Splits a control-connection byte stream into FTP replies (RFC 959 section 4.2): a first line
// "ddd-" opens a multi-line reply that ends at a line starting "ddd ". A line that does not start
// with three digits is returned as a reply of its own with code null, so a check can report it.
class ReplyReader {
  constructor(socket) {
    this.socket = socket;
    this.buffer = "";
    this.pendingLines = [];
    this.replies = [];
    this.waiters = [];
    this.failure = null;
    this.current = null;
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("end", () => this.fail("closed"));
    socket.on("close", () => this.fail("closed"));
    socket.on("error", (error) => this.fail(classifySocketError(error) === "reset" ? "reset" : "closed"));
  }

  onData(chunk) {
    this.buffer += chunk;
    let index;
    while ((index = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, "");
      this.buffer = this.buffer.slice(index + 1);
      this.onLine(line);
    }
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.fail("line-too-long");
      this.socket.destroy();
    }
  }

  onLine(line) {
    if (line.length > MAX_LINE_BYTES) {
      this.fail("line-too-long");
      this.socket.destroy();
      return;
    }
    if (this.current === null) {
      const match = /^(\d{3})([ -]?)/.exec(line);
      if (!match) return this.push({ code: null, lines: [line] });
      const code = Number(match[1]);
      if (match[2] === "-") {
        this.current = { code, lines: [line] };
        return;
      }
      return this.push({ code, lines: [line] });
    }
    this.current.lines.push(line);
    if (line.startsWith(`${this.current.code} `) || line === String(this.current.code)) {
      const done = this.current;
      this.current = null;
      this.push(done);
    } else if (this.current.lines.length > MAX_REPLY_LINES) {
      this.fail("reply-too-long");
      this.socket.destroy();
    }
  }

  push(reply) {
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ reply });
    else this.replies.push(reply);
  }

  fail(reason) {
    if (this.failure) return;
    this.failure = reason;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ failure: reason });
  }

  next(timeoutMs) {
    if (this.replies.length > 0) return Promise.resolve({ reply: this.replies.shift() });
    if (this.failure) return Promise.resolve({ failure: this.failure });
    return new Promise((resolve) => {
      const waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve({ failure: "timeout" });
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}

// A data connection's bytes are hashed from the moment it opens: a server may send before the
// harness asks to read.
class DataStream {
  constructor(socket) {
    this.socket = socket;
    this.hash = crypto.createHash("sha256");
    this.bytes = 0;
    this.head = Buffer.alloc(0);
    this.ended = null;
    this.waiters = [];
    socket.on("data", (chunk) => {
      this.bytes += chunk.length;
      this.hash.update(chunk);
      if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk]).subarray(0, HEAD_BYTES);
      if (this.bytes > MAX_DATA_BYTES) {
        this.finish("limit");
        socket.destroy();
      }
    });
    socket.on("end", () => this.finish("eof"));
    socket.on("error", (error) => this.finish(classifySocketError(error) === "reset" ? "reset" : "error"));
    socket.on("close", () => this.finish("eof"));
  }

  finish(outcome) {
    if (this.ended) return;
    this.ended = { outcome, bytes: this.bytes, sha256: this.hash.digest("hex"), head: this.head.toString("latin1") };
    for (const waiter of this.waiters.splice(0)) waiter(this.ended);
  }

  untilEnd(timeoutMs) {
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        resolve({ outcome: "timeout", bytes: this.bytes, sha256: null, head: this.head.toString("latin1") });
      }, timeoutMs);
      const done = (value) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(done);
    });
  }
}

// Deterministic bytes for uploads: the harness computes the same stream to know the digest.
function patternBytes(size, seed) {
  const out = Buffer.alloc(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state & 0xff;
  }
  return out;
}

// Counts connections to a port this host listens on: how a check sees that a server dialled a
// third party (a bounce) without the host ever dialling anything itself.
class Listener {
  constructor(server) {
    this.server = server;
    this.peers = [];
    server.on("connection", (socket) => {
      this.peers.push(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
  }
}

class Agent {
  constructor(allowed, bindAddress) {
    this.allowed = allowed.map(parseCidr);
    this.bindAddress = bindAddress;
    this.sessions = new Map();
    this.streams = new Map();
    this.listeners = new Map();
    this.nextHandle = 1;
  }

  checkTarget(host) {
    const ipInt = ipToInt(String(host));
    if (ipInt === null) return "not-an-address";
    if (!this.allowed.some((cidr) => inCidr(ipInt, cidr))) return "outside-topology";
    return null;
  }

  dial(host, port, timeoutMs) {
    const refusal = this.checkTarget(host);
    if (refusal) return Promise.resolve({ outcome: refusal, elapsedMs: 0 });
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return Promise.resolve({ outcome: "bad-port", elapsedMs: 0 });
    }
    const started = Date.now();
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, ...(this.bindAddress ? { localAddress: this.bindAddress } : {}) });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ outcome: "timeout", elapsedMs: Date.now() - started });
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve({ outcome: "connected", socket, elapsedMs: Date.now() - started });
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        resolve({ outcome: classifySocketError(error), detail: error.code, elapsedMs: Date.now() - started });
      });
    });
  }

  handle(id) {
    const handle = this.nextHandle++;
    return `${id}-${handle}`;
  }

  async handleRequest(request) {
    const timeoutMs = Math.min(Math.max(Number(request.timeoutMs) || 5000, 1), 120000);
    switch (request.op) {
      case "hello":
        return { node: process.version, allowed: this.allowed.length };
      case "tcp.probe": {
        const result = await this.dial(request.host, request.port, timeoutMs);
        if (result.socket) result.socket.destroy();
        return { outcome: result.outcome, detail: result.detail, elapsedMs: result.elapsedMs };
      }
      case "ctl.open": {
        const result = await this.dial(request.host, request.port, timeoutMs);
        if (!result.socket) return { outcome: result.outcome, detail: result.detail, elapsedMs: result.elapsedMs };
        const session = this.handle("ctl");
        const reader = new ReplyReader(result.socket);
        this.sessions.set(session, reader);
        const greeting = await reader.next(timeoutMs);
        return { outcome: "connected", session, local: result.socket.localAddress, ...greeting };
      }
      case "ctl.send": {
        const reader = this.session(request.session);
        if (reader.failure) return { failure: reader.failure };
        reader.socket.write(`${request.line}\r\n`, "latin1");
        return reader.next(timeoutMs);
      }
      case "ctl.read":
        return this.session(request.session).next(timeoutMs);
      case "ctl.close": {
        const reader = this.sessions.get(request.session);
        if (reader) reader.socket.destroy();
        this.sessions.delete(request.session);
        return {};
      }
      case "data.connect": {
        const result = await this.dial(request.host, request.port, timeoutMs);
        if (!result.socket) return { outcome: result.outcome, detail: result.detail, elapsedMs: result.elapsedMs };
        const data = this.handle("data");
        this.streams.set(data, new DataStream(result.socket));
        return { outcome: "connected", data, elapsedMs: result.elapsedMs };
      }
      case "data.read":
        return this.stream(request.data).untilEnd(timeoutMs);
      case "data.write": {
        const stream = this.stream(request.data);
        const bytes = patternBytes(Number(request.size) || 0, Number(request.seed) || 1);
        const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
        await new Promise((resolve) => stream.socket.end(bytes, resolve));
        return { bytes: bytes.length, sha256 };
      }
      case "tcp.listen": {
        const server = net.createServer();
        const listener = new Listener(server);
        await new Promise((resolve, reject) => {
          server.once("error", reject);
          server.listen(0, this.bindAddress || "0.0.0.0", resolve);
        });
        const handle = this.handle("listen");
        this.listeners.set(handle, listener);
        return { listener: handle, port: server.address().port };
      }
      case "tcp.accepted": {
        const listener = this.listeners.get(request.listener);
        if (!listener) throw new Error(`no listener '${request.listener}'`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 10000)));
        listener.server.close();
        this.listeners.delete(request.listener);
        return { peers: listener.peers };
      }
      case "client.run":
        return runClient(findClient(String(request.client || "")), request.args || [], request.env || {}, timeoutMs);
      case "data.close": {
        const stream = this.streams.get(request.data);
        if (stream) stream.socket.destroy();
        this.streams.delete(request.data);
        return {};
      }
      default:
        throw new Error(`unknown op '${request.op}'`);
    }
  }

  session(id) {
    const reader = this.sessions.get(id);
    if (!reader) throw new Error(`no control session '${id}'`);
    return reader;
  }

  stream(id) {
    const stream = this.streams.get(id);
    if (!stream) throw new Error(`no data connection '${id}'`);
    return stream;
  }
}

/** The wrapper script of a named client; only names of files in clients/ are accepted. */
function findClient(name) {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad client name '${name}'`);
  const file = fs.readdirSync(CLIENTS_DIR).find((f) => f.replace(/\.[a-z]+$/, "") === name);
  if (!file) throw new Error(`no client '${name}' in ${CLIENTS_DIR}`);
  return path.join(CLIENTS_DIR, file);
}

// Runs a client wrapper to completion or until timeoutMs, then kills its process group. Hashes
// what it writes to stdout (the file) and keeps the start and end of its log.
function runClient(script, args, env, timeoutMs) {
  const started = Date.now();
  const child = spawn(script, args.map(String), {
    env: { PATH: process.env.PATH, HOME: "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  const log = [];
  let logBytes = 0;
  child.stdout.on("data", (chunk) => {
    bytes += chunk.length;
    hash.update(chunk);
  });
  child.stderr.on("data", (chunk) => {
    log.push(chunk);
    logBytes += chunk.length;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, "SIGKILL");
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
        log: String(error.message),
        elapsedMs: Date.now() - started,
      });
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      const all = Buffer.concat(log).toString("latin1");
      const text =
        logBytes > CLIENT_LOG_BYTES
          ? `${all.slice(0, CLIENT_LOG_BYTES / 2)}\n[... ${logBytes - CLIENT_LOG_BYTES} bytes of log left out ...]\n${all.slice(-CLIENT_LOG_BYTES / 2)}`
          : all;
      resolve({
        exitCode,
        signal,
        timedOut,
        bytes,
        sha256: hash.digest("hex"),
        log: text,
        elapsedMs: Date.now() - started,
      });
    });
  });
}

function main(argv) {
  const allowAt = argv.indexOf("--allow");
  const allowed = allowAt >= 0 && argv[allowAt + 1] ? argv[allowAt + 1].split(",").filter(Boolean) : [];
  const bindAt = argv.indexOf("--bind");
  const agent = new Agent(allowed, bindAt >= 0 ? argv[bindAt + 1] : undefined);
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const reply = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      reply({ id: null, ok: false, error: "request is not JSON" });
      return;
    }
    agent.handleRequest(request).then(
      (result) => reply({ id: request.id, ok: true, ...result }),
      (error) => reply({ id: request.id, ok: false, error: String((error && error.message) || error) }),
    );
  });
  lines.on("close", () => process.exit(0));
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { Agent, patternBytes, parseCidr };
