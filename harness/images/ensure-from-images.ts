import type Dockerode from "dockerode";
import type { Progress } from "../progress.js";
import { BOOTSTRAPPED_BASE_IMAGE, imageExists } from "./base-image.js";
import type { FromImage } from "./dockerfile-from.js";
import { pullImage } from "./pull-image.js";

const PULL_TIMEOUT_MS = 3 * 60 * 1000;

/**
 * Names the harness's bootstrapped base may stand in for: it is Debian bookworm bootstrapped with
 * `--variant=minbase`, which is how Debian's official images are made (the -slim one also drops
 * documentation files).
 */
const BOOKWORM_NAMES = new Set(["debian:bookworm-slim", "debian:bookworm"]);

/** A FROM the build cannot get; the message is one line saying what to change. */
export class FromImageError extends Error {
  override readonly name = "FromImageError";
}

/** What to do about a FROM image the engine lacks and cannot pull. */
export function fromImageAdvice(image: string, baseImage: string): string {
  return (
    `build on the Debian bookworm base the harness has with 'ARG BASE_IMAGE' and 'FROM \${BASE_IMAGE}' ` +
    `in the Dockerfile (the harness passes BASE_IMAGE=${baseImage}), or put ${image} on the engine`
  );
}

/**
 * Before a build: every image the FROM lines name is on the engine, or pulled (bounded). When the
 * harness itself builds on its bootstrapped base (debian:bookworm-slim could not be pulled), a
 * missing debian:bookworm-slim or debian:bookworm is tagged as that base: only a name the engine
 * does not have is added, nothing is replaced, and a warning says how to remove it. Anything
 * else missing is a FromImageError naming the image and how to use BASE_IMAGE instead.
 */
export async function ensureFromImages(
  docker: Dockerode,
  froms: readonly FromImage[],
  baseImage: string,
  progress: Progress,
): Promise<void> {
  for (const { written, image } of froms) {
    if (image === "") {
      throw new FromImageError(
        `FROM ${written} names no image: declare the ARG it uses before the first FROM ` +
          `('ARG BASE_IMAGE' then 'FROM \${BASE_IMAGE}'; the harness passes BASE_IMAGE=${baseImage})`,
      );
    }
    if (await imageExists(docker, image)) continue;
    progress.step(`pulling ${image} (FROM in the Dockerfile)`);
    const failure = await pullImage(docker, image, PULL_TIMEOUT_MS).then(
      () => undefined,
      (error: unknown) => firstLine(error).trim(),
    );
    if (failure === undefined) continue;
    const name = image.replace(/^docker\.io\//, "").replace(/^library\//, "");
    if (BOOKWORM_NAMES.has(name) && baseImage === BOOTSTRAPPED_BASE_IMAGE && !(await imageExists(docker, name))) {
      const [repo, tag] = name.split(":") as [string, string];
      await docker.getImage(BOOTSTRAPPED_BASE_IMAGE).tag({ repo, tag });
      progress.warn(
        `${name} cannot be pulled (${failure}): tagged the harness's Debian bookworm base ` +
          `${BOOTSTRAPPED_BASE_IMAGE} as ${name} for the Dockerfile's FROM ('docker rmi ${name}' removes that name)`,
      );
      continue;
    }
    throw new FromImageError(
      `FROM ${image} is not on the engine and cannot be pulled (${failure}); ${fromImageAdvice(image, baseImage)}`,
    );
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
}
