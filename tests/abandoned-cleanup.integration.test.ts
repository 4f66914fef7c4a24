import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { silentProgress } from "../harness/progress.js";
import { removeResources } from "../harness/resources/cleanup.js";
import { MANAGED_LABEL, OWNER_LABEL, RUN_LABEL } from "../harness/resources/labels.js";

/** A process ID that cannot be alive: above the kernel's pid_max ceiling. */
const DEAD_PID = 4194304 + 17;

describe("cleanup of what a killed run left", { timeout: 60000 }, () => {
  it("should remove resources whose owning run is gone, and keep a live run's", async () => {
    const docker = await ensureEngine(silentProgress);
    const labels = (owner: string, run: string) => ({
      [MANAGED_LABEL]: "true",
      [RUN_LABEL]: run,
      [OWNER_LABEL]: owner,
    });
    const dead = await docker.createNetwork({
      Name: `ftpc-test-dead-${process.pid}`,
      Internal: true,
      Labels: labels(`${hostname()}:${DEAD_PID}`, "dead-run"),
    });
    const live = await docker.createNetwork({
      Name: `ftpc-test-live-${process.pid}`,
      Internal: true,
      Labels: labels(`${hostname()}:${process.pid}`, "live-run"),
    });
    try {
      await removeResources(docker, { abandoned: true });
      const left = (await docker.listNetworks({ filters: { label: [`${MANAGED_LABEL}=true`] } })).map((n) => n.Id);
      expect(left).not.toContain(dead.id);
      expect(left).toContain(live.id);
    } finally {
      await dead.remove().catch(() => undefined);
      await live.remove().catch(() => undefined);
    }
  });
});
