import { openSync } from "node:fs";
import { spawn } from "node:child_process";
import type Dockerode from "dockerode";
import { EnvironmentError } from "../errors.js";
import type { Progress } from "../progress.js";
import { sleep } from "../util/deadline.js";
import { commandExists, runCommand } from "../util/run-command.js";
import { createDockerClient, describeEngineAddress, engineAnswers } from "./docker-client.js";

/** Set to "off" to forbid the harness from installing or starting a Docker engine. */
export const ENGINE_SETUP_SWITCH = "FTP_CONFORMANCE_ENGINE_SETUP";
const DOCKERD_LOG = "/var/log/ftp-conformance-dockerd.log";

/**
 * Returns a client for the engine that answers. When none answers and this machine can have one
 * (root, apt-get, no DOCKER_HOST pointing elsewhere), says so and brings one up: Debian's docker.io,
 * then dockerd, waiting until it answers. A running engine is never restarted or reconfigured.
 */
export async function ensureEngine(progress: Progress): Promise<Dockerode> {
  const docker = await createDockerClient();
  if (await engineAnswers(docker)) return docker;

  const where = describeEngineAddress();
  if (process.env[ENGINE_SETUP_SWITCH] === "off") {
    throw new EnvironmentError(`no Docker engine answers at ${where} (and ${ENGINE_SETUP_SWITCH}=off).`);
  }
  if (process.env.DOCKER_HOST) {
    throw new EnvironmentError(`no Docker engine answers at ${where}; check that engine, or unset DOCKER_HOST.`);
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || !(await commandExists("apt-get"))) {
    throw new EnvironmentError(
      `no Docker engine answers at ${where}. Start Docker (or set DOCKER_HOST) and run again; ` +
        `the harness brings one up by itself only as root on a Debian-like machine.`,
    );
  }
  if (await dockerdIsRunning()) {
    // An engine exists but does not answer yet: wait for it, never restart it.
    progress.step(`a dockerd process exists but ${where} does not answer yet; waiting up to 60 s`);
    if (await waitForEngine(docker, 60000)) return docker;
    throw new EnvironmentError(`dockerd is running but ${where} did not answer within 60 s.`);
  }

  progress.step(`no Docker engine answers at ${where}; bringing one up (set ${ENGINE_SETUP_SWITCH}=off to forbid)`);
  if (!(await commandExists("dockerd"))) {
    progress.step("installing Debian's docker.io with apt-get (about a minute)");
    await aptInstall(["docker.io"]);
  }
  progress.step(`starting dockerd (log: ${DOCKERD_LOG})`);
  const log = openSync(DOCKERD_LOG, "a");
  spawn("dockerd", [], { detached: true, stdio: ["ignore", log, log] }).unref();
  if (await waitForEngine(docker, 60000)) {
    progress.step("Docker engine is up");
    return docker;
  }
  throw new EnvironmentError(`started dockerd but it did not answer within 60 s; see ${DOCKERD_LOG}.`);
}

export async function aptInstall(packages: string[]): Promise<void> {
  const update = await runCommand("apt-get", ["update", "-qq"], 300000);
  if (update.code !== 0) throw new EnvironmentError(`apt-get update failed:\n${update.output.slice(-2000)}`);
  const install = await runCommand(
    "sh",
    ["-c", `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(" ")}`],
    600000,
  );
  if (install.code !== 0) {
    throw new EnvironmentError(`apt-get install ${packages.join(" ")} failed:\n${install.output.slice(-2000)}`);
  }
}

async function dockerdIsRunning(): Promise<boolean> {
  return (await runCommand("sh", ["-c", "pgrep -x dockerd"], 5000)).code === 0;
}

async function waitForEngine(docker: Dockerode, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await engineAnswers(docker, 2000)) return true;
    await sleep(500);
  }
  return false;
}
