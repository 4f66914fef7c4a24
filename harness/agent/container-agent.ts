import { PassThrough } from "node:stream";
import type Dockerode from "dockerode";
import { withDeadline } from "../util/deadline.js";
import { AgentConnection } from "./agent-connection.js";

/**
 * Attaches to an agent container's stdin and stdout: one stream for the whole run, which works
 * against a remote engine too (no namespaces entered from the host, no exec per step). The
 * connection speaks for the client; forHost gives the intruder's over the same stream.
 */
export async function attachAgent(container: Dockerode.Container, name: string): Promise<AgentConnection> {
  const stream = (await container.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as NodeJS.ReadWriteStream & { destroy?: () => void };
  // stdin to the agent, its stdout demultiplexed from stderr.
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stderr.resume();
  container.modem.demuxStream(stream, stdout, stderr);
  stream.on("end", () => stdout.end());
  stream.on("close", () => stdout.end());
  return AgentConnection.overStreams(name, stream, stdout, () => stream.destroy?.());
}

/**
 * How long an agent may take to answer its first request: its node process starting, on a machine
 * that may be starting nine other topologies at once (measured: more than 8 s under a load average
 * of 17 on two cores).
 */
const AGENT_START_TIMEOUT_MS = 20000;

/** Waits until the agent answers, so a broken client image fails fast with its own message. */
export async function awaitAgent(connection: AgentConnection): Promise<void> {
  // The request's own bound a little later, so that the deadline's message is the one reported.
  await withDeadline(
    connection.request("hello", {}, AGENT_START_TIMEOUT_MS + 1000),
    AGENT_START_TIMEOUT_MS,
    `agent ${connection.name} did not start`,
  );
}
