import type Dockerode from "dockerode";
import { relative } from "node:path";
import { MANAGED_LABEL } from "../resources/labels.js";
import { listFiles } from "./content-hash.js";

export interface BuildOptions {
  dockerfile?: string;
  buildArgs: Record<string, string>;
  cache: boolean;
}

/**
 * Builds a directory on the engine (its .dockerignore honoured) as `tag`. A failed step's own
 * message is the error, and its intermediate container is removed (forcerm): nothing is left.
 */
export async function buildImage(docker: Dockerode, dir: string, tag: string, options: BuildOptions): Promise<void> {
  const src = (await listFiles(dir)).map((file) => relative(dir, file));
  const stream = await docker.buildImage(
    { context: dir, src },
    {
      t: tag,
      ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
      buildargs: options.buildArgs,
      nocache: !options.cache,
      rm: true,
      forcerm: true,
      labels: { [MANAGED_LABEL]: "true" },
    },
  );
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string }>) => {
      const failure = error?.message ?? output.find((event) => event.error)?.error;
      if (failure) reject(new Error(failure.trim()));
      else resolve();
    }),
  );
}
