/**
 * A run's watchdog (what testcontainers' Ryuk does, in the project's own image). The harness
 * (harness/resources/watchdog.ts) starts it before the run's first topology and holds its stdin
 * through an attached stream of the engine API. When that stream drops (the harness was killed,
 * even with SIGKILL) the engine closes stdin (StdinOnce), and the watchdog removes the run's
 * containers, then its networks, and exits; the engine removes the watchdog itself (AutoRemove).
 * "done" on stdin means the run cleaned up after itself: exit at once. It reaches the engine
 * through the engine's own socket, bind-mounted, so it works the same against a remote engine.
 * Bundled into the client image as watchdog.cjs (harness/images/in-image-programs.ts).
 *
 * Usage: node watchdog.cjs LABEL=VALUE [SILENCE_MS] [SOCKET]
 */
import { hostname } from "node:os";
import { createInterface } from "node:readline";
import { engineApi } from "./engine-api.js";

const [filterLabel, silenceArg, socketArg] = process.argv.slice(2);
// A harness that is alive writes a line every few seconds; this much silence means its end of a
// half-open connection (a remote engine whose client vanished without closing) is gone.
const SILENCE_MS = Number(silenceArg) > 0 ? Number(silenceArg) : 60000;
const SOCKET = socketArg || "/var/run/docker.sock";
const CLEANUP_DEADLINE_MS = 30000;
const MAX_PASSES = 10;
const PASS_INTERVAL_MS = 500;
// The engine sets a container's hostname to its short ID: the watchdog must not remove itself
// mid-sweep (it carries the run's labels, so `cleanup` finds it too if it is ever left).
const SELF = hostname();

function log(message: string): void {
  process.stderr.write(`watchdog: ${message}\n`);
}

const api = (method: string, path: string) => engineApi(SOCKET, method, path);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const filters = encodeURIComponent(JSON.stringify({ label: [filterLabel] }));

async function list(path: string): Promise<Array<{ Id: string }>> {
  const { status, body } = await api("GET", path);
  if (status !== 200 || !Array.isArray(body)) throw new Error(`GET ${path}: status ${status}`);
  return body.filter((item): item is { Id: string } => typeof item?.Id === "string");
}

async function removeNetwork(id: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { status } = await api("DELETE", `/networks/${id}`).catch(() => ({ status: 0 }));
    if (status === 204 || status === 404) return;
    // A container being removed may still hold an endpoint for a moment.
    await sleep(200 * (attempt + 1));
  }
}

/** One pass: the run's containers force-removed, then its networks. Returns how many it found. */
async function sweep(): Promise<{ containers: number; networks: number }> {
  const containers = (await list(`/containers/json?all=1&filters=${filters}`)).filter((c) => !c.Id.startsWith(SELF));
  await Promise.all(containers.map((c) => api("DELETE", `/containers/${c.Id}?force=1&v=1`).catch(() => undefined)));
  const networks = await list(`/networks?filters=${filters}`);
  await Promise.all(networks.map((n) => removeNetwork(n.Id)));
  return { containers: containers.length, networks: networks.length };
}

let ending = false;

/** Sweeps until a pass after the first finds nothing: a create under way when the harness died lands late. */
async function removeRun(reason: string): Promise<void> {
  if (ending) return;
  ending = true;
  log(`${reason}: removing the containers and networks labelled ${filterLabel}`);
  setTimeout(() => {
    log(`cleanup did not finish within ${CLEANUP_DEADLINE_MS} ms`);
    process.exit(1);
  }, CLEANUP_DEADLINE_MS).unref();
  const removed = { containers: 0, networks: 0 };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const found = await sweep().catch((error: Error) => {
      log(error.message);
      return { containers: 1, networks: 0 };
    });
    removed.containers += found.containers;
    removed.networks += found.networks;
    if (pass > 0 && found.containers + found.networks === 0) break;
    await sleep(PASS_INTERVAL_MS);
  }
  log(`removed ${removed.containers} containers and ${removed.networks} networks`);
  process.exit(0);
}

async function main(): Promise<void> {
  if (!filterLabel || !filterLabel.includes("=")) {
    log("usage: watchdog.cjs LABEL=VALUE [SILENCE_MS] [SOCKET]");
    process.exit(2);
  }
  // The harness waits for "ready": an engine socket that is missing or refused shows at start,
  // not when the watchdog is finally needed.
  const ping = await api("GET", "/_ping").catch((error: Error) => ({ status: 0, error }));
  if (ping.status !== 200) {
    const why = "error" in ping ? ping.error.message : `status ${ping.status}`;
    process.stdout.write(`error: engine socket ${SOCKET}: ${why}\n`);
    process.exit(1);
  }
  const silent = () => removeRun(`no word from the harness for ${SILENCE_MS} ms`);
  let silence = setTimeout(silent, SILENCE_MS);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (ending) return;
    if (line.trim() === "done") {
      ending = true;
      process.exit(0);
    }
    clearTimeout(silence);
    silence = setTimeout(silent, SILENCE_MS);
  });
  lines.on("close", () => {
    clearTimeout(silence);
    void removeRun("the harness's stream closed");
  });
  process.stdout.write("ready\n");
}

void main();
