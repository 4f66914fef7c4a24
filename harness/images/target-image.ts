import type Dockerode from "dockerode";
import { EnvironmentError } from "../errors.js";
import type { Progress } from "../progress.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { withDeadline } from "../util/deadline.js";
import { imageExists } from "./base-image.js";
import { ensureImageFrom } from "./role-images.js";

const PULL_TIMEOUT_MS = 3 * 60 * 1000;

/** The image a target runs: built from its profile's directory, or its reference, pulled when absent. */
export async function ensureTargetImage(
  docker: Dockerode,
  target: TargetSpec,
  baseImage: string,
  progress: Progress,
): Promise<string> {
  const { image } = target;
  if (image.kind === "build") {
    const context = {
      name: `target-${target.name}`,
      dir: image.context,
      ...(image.dockerfile ? { dockerfile: image.dockerfile } : {}),
    };
    try {
      return await ensureImageFrom(docker, context, baseImage, progress);
    } catch (error) {
      throw new EnvironmentError(
        `target ${target.name} (${target.origin}): building image.build '${image.context}' failed: ` +
          `${(error as Error).message.split("\n")[0]}`,
      );
    }
  }
  if (await imageExists(docker, image.ref)) {
    progress.step(`image ${target.name}: ${image.ref} (on the engine)`);
    return image.ref;
  }
  progress.step(`image ${target.name}: pulling ${image.ref}`);
  try {
    await withDeadline(pull(docker, image.ref), PULL_TIMEOUT_MS, `pulling ${image.ref}`);
  } catch (error) {
    throw new EnvironmentError(
      `target ${target.name} (${target.origin}): image.ref '${image.ref}' is not on the engine and could not be ` +
        `pulled: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  return image.ref;
}

async function pull(docker: Dockerode, ref: string): Promise<void> {
  const stream = await docker.pull(ref);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}
