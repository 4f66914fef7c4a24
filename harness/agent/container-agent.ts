import { PassThrough } from "node:stream";
import type Dockerode from "dockerode";
import { withDeadline } from "../util/deadline.js";
import { AgentConnection } from "./agent-connection.js";

/** Where the client image keeps the agent (docker/client/Dockerfile). */
const AGENT_PATH_IN_IMAGE = "/opt/ftp-conformance/agent.cjs";

/**
 * Attaches to an agent container's stdin and stdout: one stream for the whole run, which works
 * against a remote engine too (no namespaces entered from the host, no exec per step).
 */
export async function attachAgent(container: Dockerode.Container, name: string): Promise<AgentConnection> {
  const stream = (await container.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as HijackedStream;
  return overStream(container, stream, name);
}

/**
 * Starts a second agent in a running agent container (`docker exec` with stdin attached): another
 * address of the same host, without another container. It ends with the container.
 */
export async function execAgent(
  container: Dockerode.Container,
  args: string[],
  name: string,
): Promise<AgentConnection> {
  const exec = await container.exec({
    Cmd: ["node", AGENT_PATH_IN_IMAGE, ...args],
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as HijackedStream;
  return overStream(container, stream, name);
}

type HijackedStream = NodeJS.ReadWriteStream & { destroy?: () => void };

/** An agent connection over a hijacked engine stream: stdin to the agent, its stdout demultiplexed from stderr. */
function overStream(container: Dockerode.Container, stream: HijackedStream, name: string): AgentConnection {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stderr.resume();
  container.modem.demuxStream(stream, stdout, stderr);
  stream.on("end", () => stdout.end());
  stream.on("close", () => stdout.end());
  return AgentConnection.overStreams(name, stream, stdout, () => stream.destroy?.());
}

/** Waits until the agent answers, so a broken client image fails fast with its own message. */
export async function awaitAgent(connection: AgentConnection): Promise<void> {
  await withDeadline(connection.request("hello", {}), 20000, `agent ${connection.name} did not start`);
}
