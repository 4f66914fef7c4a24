import { PassThrough } from "node:stream";
import { createInterface } from "node:readline";
import type { Socket } from "node:net";
import type Dockerode from "dockerode";
import type { Progress } from "../progress.js";
import { withDeadline } from "../util/deadline.js";
import { throwIfInterrupted } from "./interruption.js";
import { RUN_LABEL, type RunIdentity } from "./labels.js";

/** Where the watchdog finds the engine's API: the engine host's socket, bind-mounted into the container. */
export const ENGINE_SOCKET_VARIABLE = "FTP_CONFORMANCE_ENGINE_SOCKET";
const DEFAULT_ENGINE_SOCKET = "/var/run/docker.sock";
const SOCKET_IN_CONTAINER = "/var/run/docker.sock";
const PROGRAM = "/opt/ftp-conformance/watchdog.cjs";
const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 10000;
/** The harness's heartbeat; the watchdog gives up on a silent harness after SILENCE_MS. */
const HEARTBEAT_MS = 5000;
const SILENCE_MS = 60000;

export interface Watchdog {
  /** The run removed its own resources: the watchdog exits without sweeping and the engine removes it. */
  stop(): Promise<void>;
}

const NO_WATCHDOG: Watchdog = { stop: async () => {} };

/**
 * Starts the run's watchdog, which removes the run's containers and networks if this process dies
 * without doing so (kill -9 included). A watchdog that cannot start is a warning, not a failure:
 * the next run and `ftp-conformance cleanup` still remove what a killed run leaves.
 */
export async function startWatchdog(
  docker: Dockerode,
  identity: RunIdentity,
  image: string,
  progress: Progress,
): Promise<Watchdog> {
  const starting = launchWatchdog(docker, identity, image);
  try {
    const watchdog = await withDeadline(starting, START_TIMEOUT_MS, "the watchdog did not start");
    progress.step("watchdog: removes this run's containers and networks if the harness dies");
    return watchdog;
  } catch (error) {
    // One that starts after the deadline is not left watching a run that no longer counts on it.
    starting.then((late) => late.stop()).catch(() => undefined);
    progress.warn(
      `no watchdog for this run: ${(error as Error).message.trim()}; if the run is killed, the next run or ` +
        `'ftp-conformance cleanup' removes what it leaves`,
    );
    return NO_WATCHDOG;
  }
}

async function launchWatchdog(docker: Dockerode, identity: RunIdentity, image: string): Promise<Watchdog> {
  throwIfInterrupted();
  const container = await docker.createContainer({
    name: `ftpc-${identity.runId}-watchdog`,
    Image: image,
    Entrypoint: ["/usr/bin/tini", "--", "node", PROGRAM],
    Cmd: [`${RUN_LABEL}=${identity.runId}`, String(SILENCE_MS), SOCKET_IN_CONTAINER],
    // The run's labels: a watchdog ever left behind is found by the same sweeps as the rest.
    Labels: identity.labels,
    // StdinOnce: the engine closes the watchdog's stdin when the attached stream drops.
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      AutoRemove: true,
      // It needs only the engine's socket: no network, so no packet of it leaves the engine host.
      NetworkMode: "none",
      // A mount (not a bind string) fails when the socket is missing instead of creating a directory there.
      Mounts: [{ Type: "bind", Source: engineSocket(), Target: SOCKET_IN_CONTAINER }],
    },
  });
  let stream: (NodeJS.ReadWriteStream & Partial<Socket>) | undefined;
  try {
    stream = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as NodeJS.ReadWriteStream & Partial<Socket>;
    // Write errors after the watchdog exits must not crash the harness.
    stream.on("error", () => undefined);
    const stdout = new PassThrough();
    container.modem.demuxStream(stream, stdout, new PassThrough().resume());
    stream.on("end", () => stdout.end());
    stream.on("close", () => stdout.end());
    const firstLine = new Promise<string>((resolve) => {
      const lines = createInterface({ input: stdout, crlfDelay: Infinity });
      lines.once("line", resolve);
      lines.once("close", () => resolve("the watchdog exited before it was ready"));
    });
    await container.start();
    const line = await firstLine;
    if (line !== "ready") throw new Error(line.replace(/^error: /, ""));
  } catch (error) {
    stream?.destroy?.();
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return holdWatchdog(container, stream);
}

/** Keeps the stream alive with a heartbeat; neither the stream nor the timer keeps this process running. */
function holdWatchdog(container: Dockerode.Container, stream: NodeJS.ReadWriteStream & Partial<Socket>): Watchdog {
  const heartbeat = setInterval(() => stream.write("alive\n"), HEARTBEAT_MS);
  heartbeat.unref();
  stream.unref?.();
  let stopped = false;
  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      const removed = container.wait({ condition: "removed" }).catch(() => undefined);
      stream.write("done\n");
      await withDeadline(removed, STOP_TIMEOUT_MS, "watchdog exit").catch(() => undefined);
      stream.destroy?.();
    },
  };
}

function engineSocket(): string {
  return process.env[ENGINE_SOCKET_VARIABLE] || DEFAULT_ENGINE_SOCKET;
}
