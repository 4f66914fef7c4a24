import { basename } from "node:path";
import type Dockerode from "dockerode";
import { extract } from "tar-stream";
import { withDeadline } from "../util/deadline.js";

/**
 * The regular files under `path` in a container (running or stopped), by base name, read from
 * the engine's archive of it: no bind mount, so it works against a remote engine too. A path that
 * does not exist gives none. Bounded by `timeoutMs`.
 */
export async function readContainerFiles(
  container: Dockerode.Container,
  path: string,
  timeoutMs: number,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return files;
    throw error;
  }
  const untar = extract();
  untar.on("entry", (header, entry, next) => {
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    entry.on("end", () => {
      if (header.type === "file") files.set(basename(header.name), Buffer.concat(chunks));
      next();
    });
    entry.resume();
  });
  const done = new Promise<void>((resolve, reject) => {
    untar.on("finish", resolve);
    untar.on("error", reject);
    archive.on("error", reject);
  });
  archive.pipe(untar);
  await withDeadline(done, timeoutMs, `copying ${path} out of ${container.id.slice(0, 12)}`);
  return files;
}
