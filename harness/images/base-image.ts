import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Dockerode from "dockerode";
import { aptInstall, ENGINE_SETUP_SWITCH } from "../engine/ensure-engine.js";
import { EnvironmentError } from "../errors.js";
import type { Progress } from "../progress.js";
import { commandExists, runCommand } from "../util/run-command.js";
import { pullImage } from "./pull-image.js";

export const BASE_IMAGE_VARIABLE = "FTP_CONFORMANCE_BASE_IMAGE";
export const MIRROR_VARIABLE = "FTP_CONFORMANCE_DEBIAN_MIRROR";
export const DEFAULT_BASE_IMAGE = "debian:bookworm-slim";
export const BOOTSTRAPPED_BASE_IMAGE = "ftp-conformance/base:bookworm-minbase";
const PULL_TIMEOUT_MS = 90000;
/** The longest a base bootstrap may take (a slow mirror). */
const BOOTSTRAP_TIMEOUT_MS = 900000;

export async function imageExists(docker: Dockerode, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

/**
 * The Debian base the role images build on: one named by the user, else debian:bookworm-slim when
 * it is there or can be pulled, else a minbase bootstrapped once (mmdebstrap, or debootstrap) and imported.
 */
export async function resolveBaseImage(docker: Dockerode, progress: Progress): Promise<string> {
  const chosen = process.env[BASE_IMAGE_VARIABLE];
  if (chosen) {
    if (await imageExists(docker, chosen)) return chosen;
    if (await tryPull(docker, chosen, progress)) return chosen;
    throw new EnvironmentError(`${BASE_IMAGE_VARIABLE}=${chosen}: image not found and could not be pulled.`);
  }
  if (await imageExists(docker, DEFAULT_BASE_IMAGE)) return DEFAULT_BASE_IMAGE;
  if (await imageExists(docker, BOOTSTRAPPED_BASE_IMAGE)) return BOOTSTRAPPED_BASE_IMAGE;
  if (await tryPull(docker, DEFAULT_BASE_IMAGE, progress)) return DEFAULT_BASE_IMAGE;
  await bootstrapBaseImage(docker, progress);
  return BOOTSTRAPPED_BASE_IMAGE;
}

async function tryPull(docker: Dockerode, reference: string, progress: Progress): Promise<boolean> {
  progress.step(`pulling ${reference}`);
  try {
    await pullImage(docker, reference, PULL_TIMEOUT_MS);
    return true;
  } catch (error) {
    progress.step(`cannot pull ${reference}: ${firstLine(error)}`);
    return false;
  }
}

/**
 * The bootstrapper: mmdebstrap (apt fetching in parallel, a tarball straight out: measured here 17 s
 * for bookworm's minbase against debootstrap's 33 s), installed with apt-get when missing and the
 * machine allows it, else an installed debootstrap.
 */
async function chooseBootstrapper(progress: Progress): Promise<"mmdebstrap" | "debootstrap"> {
  if (await commandExists("mmdebstrap")) return "mmdebstrap";
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const debootstrap = await commandExists("debootstrap");
  if (isRoot && process.env[ENGINE_SETUP_SWITCH] !== "off" && (await commandExists("apt-get"))) {
    progress.step("installing mmdebstrap with apt-get");
    try {
      // Root mode needs none of its recommends (fakechroot, uidmap, ...).
      await aptInstall(["--no-install-recommends", "mmdebstrap"]);
      return "mmdebstrap";
    } catch (error) {
      if (!debootstrap) throw error;
      progress.warn(`${firstLine(error)}; bootstrapping with debootstrap instead`);
    }
  }
  if (debootstrap) return "debootstrap";
  throw new EnvironmentError(
    `${DEFAULT_BASE_IMAGE} cannot be pulled and neither mmdebstrap nor debootstrap is installed: install one, ` +
      `or load a Debian bookworm image and name it with ${BASE_IMAGE_VARIABLE}.`,
  );
}

async function bootstrapBaseImage(docker: Dockerode, progress: Progress): Promise<void> {
  const mirror = process.env[MIRROR_VARIABLE] ?? "http://deb.debian.org/debian";
  const bootstrapper = await chooseBootstrapper(progress);
  const dir = await mkdtemp(join(tmpdir(), "ftp-conformance-base-"));
  try {
    progress.step(`bootstrapping a Debian bookworm base from ${mirror} with ${bootstrapper} (once, under a minute)`);
    // mmdebstrap writes the tarball the engine imports; debootstrap a directory, tarred on the way.
    const tarball = join(dir, "base.tar");
    const root = join(dir, "root");
    const result =
      bootstrapper === "mmdebstrap"
        ? await runCommand("mmdebstrap", ["--variant=minbase", "bookworm", tarball, mirror], BOOTSTRAP_TIMEOUT_MS)
        : await runCommand("debootstrap", ["--variant=minbase", "bookworm", root, mirror], BOOTSTRAP_TIMEOUT_MS);
    if (result.code !== 0) {
      throw new EnvironmentError(`${bootstrapper} failed (exit ${result.code}):\n${result.output.slice(-2000)}`);
    }
    progress.step(`importing the base as ${BOOTSTRAPPED_BASE_IMAGE}`);
    const source =
      bootstrapper === "mmdebstrap"
        ? createReadStream(tarball)
        : spawn("tar", ["-C", root, "-c", "."], { stdio: ["ignore", "pipe", "inherit"] }).stdout;
    const [repo, tag] = BOOTSTRAPPED_BASE_IMAGE.split(":") as [string, string];
    const stream = await docker.importImage(source, { repo, tag });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}
