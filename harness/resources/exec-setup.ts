import { PassThrough } from "node:stream";
import type Dockerode from "dockerode";
import { withDeadline } from "../util/deadline.js";

/**
 * Runs one set-up command in a container and waits for it (bounded). Used once per topology
 * host to set routes and NAT rules, never per protocol step.
 */
export async function execSetup(container: Dockerode.Container, cmd: string[], timeoutMs = 15000): Promise<string> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  let output = "";
  const sink = new PassThrough();
  sink.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  container.modem.demuxStream(stream, sink, sink);
  await withDeadline(
    new Promise<void>((resolve) => {
      stream.on("end", resolve);
      stream.on("close", resolve);
    }),
    timeoutMs,
    `${cmd.join(" ")} in ${container.id.slice(0, 12)}`,
  );
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`'${cmd.join(" ")}' exited ${ExitCode}: ${output.trim().slice(-1500)}`);
  return output;
}
