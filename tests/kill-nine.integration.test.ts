import { describe, expect, it } from "vitest";
import { createDockerClient } from "../harness/engine/docker-client.js";
import { removeResources } from "../harness/resources/cleanup.js";
import { RUN_LABEL } from "../harness/resources/labels.js";
import { sleep } from "../harness/util/deadline.js";
import { runCli, runIdOnceShown } from "./run-cli.js";

/** The bound the watchdog is held to, with room for a loaded shared engine. */
const SWEEP_BOUND_MS = 15000;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

describe("kill -9 during a run", { timeout: 120000 }, () => {
  it("should leave no container or network of that run, the watchdog's included, with no other command", async () => {
    const run = runCli([
      "run",
      "--target",
      "vsftpd",
      "--scenario",
      "nat",
      "--scenario",
      "direct",
      "--report-dir",
      "test-results/killed",
    ]);
    const runId = await runIdOnceShown(run, /running \d+ checks/, "killed").catch((error: Error) => {
      run.child.kill("SIGKILL");
      throw error;
    });
    const docker = await createDockerClient();
    try {
      const label = { label: [`${RUN_LABEL}=${runId}`] };
      const names = (await docker.listContainers({ all: true, filters: label })).flatMap((c) => c.Names);
      expect(names).toContain(`/ftpc-${runId}-watchdog`);
      expect(names.length).toBeGreaterThan(1);
      expect((await docker.listNetworks({ filters: label })).length).toBeGreaterThan(0);

      // runCli starts node itself (tsx is loaded in-process): this pid is the harness, not a wrapper.
      const pid = run.child.pid as number;
      run.child.kill("SIGKILL");
      const { signal } = await run.done;
      const killedAt = Date.now();
      expect(signal).toBe("SIGKILL");
      expect(processExists(pid)).toBe(false);

      let left = { containers: names, networks: [""] };
      while (Date.now() - killedAt < SWEEP_BOUND_MS) {
        left = {
          containers: (await docker.listContainers({ all: true, filters: label })).flatMap((c) => c.Names),
          networks: (await docker.listNetworks({ filters: label })).map((n) => n.Name),
        };
        if (left.containers.length + left.networks.length === 0) break;
        await sleep(250);
      }
      expect(left).toEqual({ containers: [], networks: [] });
    } finally {
      // Only when an assertion above failed is anything left; the next test must not inherit it.
      run.child.kill("SIGKILL");
      await removeResources(docker, { runId });
    }
  });
});
