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
/** Set to 1 where several checkouts share one engine: an image another checkout built is not removed. */
export const KEEP_IMAGES_VARIABLE = "FTP_CONFORMANCE_KEEP_IMAGES";
const keepImages = () => process.env[KEEP_IMAGES_VARIABLE] === "1";
const BUILD_TIMEOUT_MS = 15 * 60 * 1000;

/** Builds docker/<role> once per content: the tag is a digest of the context and the base image. */
export async function ensureRoleImage(docker: Dockerode, role: string, baseImage: string, progress: Progress) {
  return withBuildContext(role, (dir) => ensureImageFrom(docker, { name: role, dir }, baseImage, progress));
}

/** Labels an image with where its context came from, so a rebuild replaces only its own older images. */
export const SOURCE_LABEL = "io.ftp-conformance.source";

/** A build context and how to build it. */
export interface ImageContext {
  /** Names the image in progress lines, and its repository unless `repository` is given. */
  name: string;
  dir: string;
  dockerfile?: string;
  /** The repository under ftp-conformance/ (default: the name). */
  repository?: string;
  /** Build arguments besides BASE_IMAGE (which they may replace); they are part of the tag. */
  buildArgs?: Readonly<Record<string, string>>;
  /** Where the context comes from: a new build of the same source replaces the older image (default: the repository). */
  source?: string;
  /** Runs before a build, not when the image is already there. */
  beforeBuild?: () => Promise<void>;
}

/**
 * Builds `dir` as ftp-conformance/<repository>, once per content: the tag is a digest of the
 * context, the Dockerfile's name, the base image and the build arguments, nothing else, so two
 * targets with the same context share one image.
 */
export async function ensureImageFrom(
  docker: Dockerode,
  context: ImageContext,
  baseImage: string,
  progress: Progress,
): Promise<string> {
  const { name, dir } = context;
  const repository = context.repository ?? name;
  const source = context.source ?? repository;
  const args = Object.entries(context.buildArgs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const baseId = (await docker.getImage(baseImage).inspect()).Id;
  const extra = [baseId, context.dockerfile ?? "", ...(args.length > 0 ? [JSON.stringify(args)] : [])];
  const tag = `${IMAGE_REPOSITORY_PREFIX}${repository}:${await contextDigest(dir, extra)}`;
  // One build per tag on this machine: a second run waits, then finds the image cached.
  const built = await withBuildLock(tag, BUILD_TIMEOUT_MS, async () => {
    if (await imageExists(docker, tag)) return false;
    await context.beforeBuild?.();
    progress.step(`image ${name}: building ${tag} (first run or changed context; a minute or two)`);
    const started = Date.now();
    await withDeadline(
      buildImage(docker, dir, tag, {
        ...(context.dockerfile ? { dockerfile: context.dockerfile } : {}),
        buildArgs: { BASE_IMAGE: baseImage, ...context.buildArgs },
        cache: process.env[NO_BUILD_CACHE_VARIABLE] !== "1",
        labels: { [SOURCE_LABEL]: source },
      }),
      BUILD_TIMEOUT_MS,
      `building image ${name}`,
    );
    progress.step(`image ${name}: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return true;
  });
  if (!built) {
    progress.step(`image ${name}: cached (${tag})`);
    return tag;
  }
  if (!keepImages()) await removeOlderTags(docker, repository, source, tag);
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

/**
 * A rebuilt context replaces its previous image (same repository and source; an image without
 * the source label counts as its repository's); images still used by a container are kept.
 */
async function removeOlderTags(docker: Dockerode, repository: string, source: string, current: string): Promise<void> {
  const prefix = `${IMAGE_REPOSITORY_PREFIX}${repository}:`;
  const images = await docker.listImages({ filters: { reference: [`${IMAGE_REPOSITORY_PREFIX}${repository}`] } });
  const stale = images
    .filter((image) => (image.Labels?.[SOURCE_LABEL] ?? repository) === source)
    .flatMap((image) => image.RepoTags ?? [])
    .filter((t) => t.startsWith(prefix) && t !== current);
  // By tag: an image ID with two tags (same content, two digests) cannot be removed by ID.
  for (const tag of stale) {
    await docker
      .getImage(tag)
      .remove()
      .catch(() => undefined);
  }
}

/** Repositories of this harness that are current: the base, the topology roles and the targets' images. */
const CURRENT_REPOSITORY = /^ftp-conformance\/(base|gateway|client|target):/;

/**
 * Removes images of repositories an older version of the harness used: per-server roles before
 * profiles, then one repository per profile (target-<name>) before targets shared images by content.
 */
export async function removeRetiredImages(docker: Dockerode): Promise<number> {
  if (keepImages()) return 0;
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
