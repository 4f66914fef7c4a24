import type Dockerode from "dockerode";
import type { Progress } from "../progress.js";
import { withDeadline } from "../util/deadline.js";
import { mapLimited } from "../util/map-limited.js";
import { imageExists } from "./base-image.js";
import { withBuildContext } from "./build-context.js";
import { buildImage } from "./build-image.js";
import { withBuildLock } from "./build-lock.js";
import { contextDigest } from "./content-hash.js";

export const IMAGE_REPOSITORY_PREFIX = "ftp-conformance/";
/** Set to "1" to build without Docker's layer cache (the benchmark's cold run). */
export const NO_BUILD_CACHE_VARIABLE = "FTP_CONFORMANCE_NO_BUILD_CACHE";
const BUILD_TIMEOUT_MS = 15 * 60 * 1000;

/** Builds docker/<role> once per content: the tag is a digest of the context and the base image. */
export async function ensureRoleImage(docker: Dockerode, role: string, baseImage: string, progress: Progress) {
  return withBuildContext(role, (dir) => ensureImageFrom(docker, { name: role, dir }, baseImage, progress));
}

/** Builds `dir` as ftp-conformance/<name>, once per content: the tag is a digest of the context and the base image. */
export async function ensureImageFrom(
  docker: Dockerode,
  context: { name: string; dir: string; dockerfile?: string },
  baseImage: string,
  progress: Progress,
): Promise<string> {
  const { name: role, dir } = context;
  const baseId = (await docker.getImage(baseImage).inspect()).Id;
  const tag = `${IMAGE_REPOSITORY_PREFIX}${role}:${await contextDigest(dir, [baseId, context.dockerfile ?? ""])}`;
  // One build per tag on this machine: a second run waits, then finds the image cached.
  const built = await withBuildLock(tag, BUILD_TIMEOUT_MS, async () => {
    if (await imageExists(docker, tag)) return false;
    progress.step(`image ${role}: building ${tag} (first run or changed context; a minute or two)`);
    const started = Date.now();
    await withDeadline(
      buildImage(docker, dir, tag, {
        ...(context.dockerfile ? { dockerfile: context.dockerfile } : {}),
        buildArgs: { BASE_IMAGE: baseImage },
        cache: process.env[NO_BUILD_CACHE_VARIABLE] !== "1",
      }),
      BUILD_TIMEOUT_MS,
      `building image ${role}`,
    );
    progress.step(`image ${role}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return true;
  });
  if (!built) {
    progress.step(`image ${role}: cached (${tag})`);
    return tag;
  }
  await removeOlderTags(docker, role, tag);
  return tag;
}

export async function ensureRoleImages<R extends string>(
  docker: Dockerode,
  roles: readonly R[],
  baseImage: string,
  progress: Progress,
): Promise<Record<R, string>> {
  const tags = await mapLimited(roles, 4, (role) => ensureRoleImage(docker, role, baseImage, progress));
  return Object.fromEntries(roles.map((role, i) => [role, tags[i]])) as Record<R, string>;
}

/** A rebuilt role replaces its previous image; images still used by a container are kept. */
async function removeOlderTags(docker: Dockerode, role: string, current: string): Promise<void> {
  const images = await docker.listImages({ filters: { reference: [`${IMAGE_REPOSITORY_PREFIX}${role}`] } });
  const repository = `${IMAGE_REPOSITORY_PREFIX}${role}:`;
  const stale = images
    .flatMap((image) => image.RepoTags ?? [])
    .filter((t) => t.startsWith(repository) && t !== current);
  // By tag: an image ID with two tags (same content, two digests) cannot be removed by ID.
  for (const tag of stale) {
    await docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
  }
}

/** Repositories of this harness that are current: the base, the topology roles and the targets' images. */
const CURRENT_REPOSITORY = /^ftp-conformance\/(base|gateway|client|target-[a-z0-9-]+):/;

/** Removes images of repositories an older version of the harness used (per-server roles before profiles). */
export async function removeRetiredImages(docker: Dockerode): Promise<number> {
  const images = await docker.listImages();
  const retired = images
    .flatMap((image) => image.RepoTags ?? [])
    .filter((tag) => tag.startsWith(IMAGE_REPOSITORY_PREFIX) && !CURRENT_REPOSITORY.test(tag));
  for (const tag of retired) {
    await docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
  }
  return retired.length;
}
