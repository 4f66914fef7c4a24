import type Dockerode from "dockerode";
import { withDeadline } from "../util/deadline.js";

/**
 * The engine the user points at: DOCKER_HOST when set, else the default socket. dockerode (with
 * ssh2 behind it) is loaded here, not with the CLI: a usage error is reported without it.
 */
export async function createDockerClient(): Promise<Dockerode> {
  const { default: Dockerode } = await import("dockerode");
  return new Dockerode();
}

export function describeEngineAddress(): string {
  return process.env.DOCKER_HOST ? `DOCKER_HOST=${process.env.DOCKER_HOST}` : "/var/run/docker.sock";
}

export async function engineAnswers(docker: Dockerode, timeoutMs = 5000): Promise<boolean> {
  try {
    await withDeadline(docker.ping(), timeoutMs, "docker ping");
    return true;
  } catch {
    return false;
  }
}
