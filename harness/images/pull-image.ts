import type Dockerode from "dockerode";
import { withDeadline } from "../util/deadline.js";

/** Pulls `reference` onto the engine, bounded; rejects with the engine's message. */
export async function pullImage(docker: Dockerode, reference: string, timeoutMs: number): Promise<void> {
  await withDeadline(
    (async () => {
      const stream = await docker.pull(reference);
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
      );
    })(),
    timeoutMs,
    `docker pull ${reference}`,
  );
}
