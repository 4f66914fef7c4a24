import type Dockerode from "dockerode";
import { relative } from "node:path";
import { MANAGED_LABEL } from "../resources/labels.js";
import { listFiles } from "./content-hash.js";

export interface BuildOptions {
  dockerfile?: string;
  buildArgs: Record<string, string>;
  cache: boolean;
  /** Labels besides the managed one. */
  labels?: Record<string, string>;
}

/** A build that failed: the step's own message, and the step it failed in (e.g. `FROM debian:bookworm-slim`). */
export class BuildFailure extends Error {
  override readonly name = "BuildFailure";
  constructor(
    message: string,
    readonly step: string | undefined,
  ) {
    super(message);
  }
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
      labels: { ...options.labels, [MANAGED_LABEL]: "true" },
    },
  );
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: Array<{ error?: string; stream?: string }>) => {
      const failure = error?.message ?? output.find((event) => event.error)?.error;
      // The legacy builder announces each instruction as "Step 2/7 : RUN ...".
      const step = output
        .map((event) => /^Step \d+\/\d+ : (.*)/.exec(event.stream ?? "")?.[1])
        .filter((text) => text !== undefined)
        .at(-1);
      if (failure) reject(new BuildFailure(failure.trim(), step?.trim()));
      else resolve();
    }),
  );
}
