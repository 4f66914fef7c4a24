import type Dockerode from "dockerode";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { EnvironmentError } from "../errors.js";
import type { Progress } from "../progress.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { imageExists } from "./base-image.js";
import { BuildFailure } from "./build-image.js";
import { fromImages } from "./dockerfile-from.js";
import { ensureFromImages, fromImageAdvice, FromImageError } from "./ensure-from-images.js";
import { pullImage } from "./pull-image.js";
import { ensureImageFrom } from "./role-images.js";

const PULL_TIMEOUT_MS = 3 * 60 * 1000;
/** Every target's image is ftp-conformance/target:<digest of its context>, shared by targets with the same context. */
export const TARGET_REPOSITORY = "target";

/** The image a target runs: built from its profile's directory, or its reference, pulled when absent. */
export async function ensureTargetImage(
  docker: Dockerode,
  target: TargetSpec,
  baseImage: string,
  progress: Progress,
): Promise<string> {
  const { image } = target;
  if (image.kind === "build") {
    const dockerfile = image.dockerfile ?? "Dockerfile";
    const buildArgs = image.buildArgs ?? {};
    const failed = (message: string) => new EnvironmentError(`target ${target.name} (${target.origin}): ${message}`);
    try {
      return await ensureImageFrom(
        docker,
        {
          name: target.name,
          repository: TARGET_REPOSITORY,
          dir: image.context,
          ...(image.dockerfile ? { dockerfile: image.dockerfile } : {}),
          buildArgs,
          source: createHash("sha256").update(`${image.context}\0${dockerfile}`).digest("hex").slice(0, 16),
          beforeBuild: async () => {
            const text = await readFile(join(image.context, dockerfile), "utf8");
            await ensureFromImages(
              docker,
              fromImages(text, { BASE_IMAGE: baseImage, ...buildArgs }),
              baseImage,
              progress,
            );
          },
        },
        baseImage,
        progress,
      );
    } catch (error) {
      if (error instanceof FromImageError) throw failed(`image.build '${image.context}': ${error.message}`);
      const message = (error as Error).message.split("\n")[0] ?? "";
      // A FROM the parser did not foresee (the engine's message names only the registry host).
      if (error instanceof BuildFailure && /^FROM\s/i.test(error.step ?? "")) {
        throw failed(
          `image.build '${image.context}': '${error.step}' could not be pulled (${message}); ` +
            fromImageAdvice("that image", baseImage),
        );
      }
      throw failed(`building image.build '${image.context}' failed: ${message}`);
    }
  }
  if (await imageExists(docker, image.ref)) {
    progress.step(`image ${target.name}: ${image.ref} (on the engine)`);
    return image.ref;
  }
  progress.step(`image ${target.name}: pulling ${image.ref}`);
  try {
    await pullImage(docker, image.ref, PULL_TIMEOUT_MS);
  } catch (error) {
    throw new EnvironmentError(
      `target ${target.name} (${target.origin}): image.ref '${image.ref}' is not on the engine and could not be ` +
        `pulled: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  return image.ref;
}
