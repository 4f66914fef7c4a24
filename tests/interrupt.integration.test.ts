import { describe, expect, it } from "vitest";
import { createDockerClient } from "../harness/engine/docker-client.js";
import { RUN_LABEL } from "../harness/resources/labels.js";
import { runCli, runIdOnceShown } from "./run-cli.js";

describe("Ctrl-C during a run", { timeout: 120000 }, () => {
  it("should exit 130 and leave no container or network of that run", async () => {
    const run = runCli(["run", "--target", "vsftpd", "--report-dir", "test-results/interrupted"]);
    const runId = await runIdOnceShown(run, /running \d+ checks/, "interrupted");
    const docker = await createDockerClient();
    const label = { label: [`${RUN_LABEL}=${runId}`] };
    expect((await docker.listContainers({ all: true, filters: label })).length).toBeGreaterThan(0);
    run.child.kill("SIGINT");
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    expect(stderr).toContain(`interrupted: removing the containers and networks of run ${runId}`);
    expect(await docker.listContainers({ all: true, filters: label })).toEqual([]);
    expect(await docker.listNetworks({ filters: label })).toEqual([]);
  });

  it("should clean up when interrupted mid-build with its output pipe already closed", async () => {
    const run = runCli(["run", "--report-dir", "test-results/interrupted"]);
    const runId = await runIdOnceShown(run, /building topology/, "interrupted");
    // As when Ctrl-C also ends the `| tee` or CI log reader: writes now hit a closed pipe.
    run.child.stdout?.destroy();
    run.child.stderr?.destroy();
    run.child.kill("SIGINT");
    const { code } = await run.done;
    expect(code).toBe(130);
    const docker = await createDockerClient();
    const label = { label: [`${RUN_LABEL}=${runId}`] };
    expect(await docker.listContainers({ all: true, filters: label })).toEqual([]);
    expect(await docker.listNetworks({ filters: label })).toEqual([]);
  });
});
