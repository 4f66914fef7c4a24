import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { resolveBaseImage } from "../harness/images/base-image.js";
import { ensureRoleImages } from "../harness/images/role-images.js";
import { silentProgress } from "../harness/progress.js";
import { execSetup } from "../harness/resources/exec-setup.js";
import { newRunIdentity, RUN_LABEL } from "../harness/resources/labels.js";
import { builtinTarget } from "../harness/targets/builtin-targets.js";
import { ensureTargetImage } from "../harness/images/target-image.js";
import { buildTopology } from "../harness/topology/build-topology.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import type { Topology } from "../harness/topology/topology.js";

/** TEST-NET-1 (RFC 5737): outside every topology, and routed nowhere even if a packet escaped. */
const OUTSIDE = "192.0.2.1";

/**
 * Tries a TCP connection from inside a host's network namespace; reports the shell's verdict and
 * how long it took. bash's /dev/tcp needs no tool the images lack.
 */
async function dialFrom(container: Dockerode.Container): Promise<{ output: string; ms: number }> {
  const script = `start=$(date +%s%N); if timeout 5 bash -c 'exec 3<>/dev/tcp/${OUTSIDE}/80' 2>/tmp/err; then r=connected; else r="failed: $(cat /tmp/err)"; fi; echo "$r after $(( ($(date +%s%N) - start) / 1000000 )) ms"`;
  const output = (await execSetup(container, ["sh", "-c", script], 10000)).trim();
  return { output, ms: Number(/after (\d+) ms/.exec(output)?.[1] ?? "99999") };
}

describe.each(["direct", "nat", "nat-alg"])("no egress from the %s topology", { timeout: 120000 }, (scenarioName) => {
  let docker: Dockerode;
  let topology: Topology;
  const identity = newRunIdentity();

  beforeAll(async () => {
    docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const images = await ensureRoleImages(docker, ["gateway", "client"], base, silentProgress);
    const vsftpd = builtinTarget("vsftpd");
    const server = await ensureTargetImage(docker, vsftpd, base, silentProgress);
    const scenario = SCENARIOS.find((s) => s.name === scenarioName);
    if (!scenario) throw new Error(scenarioName);
    topology = await buildTopology(docker, {
      target: vsftpd,
      scenario,
      identity,
      fixtures: fixtureFiles(),
      images: { gateway: images.gateway, client: images.client, server },
    });
  });

  afterAll(async () => {
    await topology?.teardown();
  });

  it("should leave no host with a default route, except the server's via the gateway", async () => {
    for (const [role, container] of Object.entries(topology.hosts)) {
      if (role === "server") continue; // shares serverNet's namespace
      const routes = await execSetup(container, ["ip", "route"]);
      const defaults = routes.split("\n").filter((line) => line.startsWith("default"));
      if (role === "serverNet" && scenarioName !== "direct") {
        expect(defaults, role).toEqual([expect.stringMatching(/^default via 10\.213\.\d+\.2 /)]);
      } else {
        expect(defaults, `${role}: ${routes}`).toEqual([]);
      }
    }
  });

  it("should make a connection from every host to an outside address fail at once (under 2 s, unreachable)", async () => {
    for (const [role, container] of Object.entries(topology.hosts)) {
      if (role === "server") continue;
      const { output, ms } = await dialFrom(container);
      expect(output, role).toMatch(/^failed: .*(unreachable|No route)/i);
      expect(ms, `${role}: ${output}`).toBeLessThan(2000);
    }
  });

  it("should keep the agents from dialling outside the topology at all", async () => {
    for (const agent of [topology.client, topology.intruder]) {
      const result = await agent.request("tcp.probe", { host: OUTSIDE, port: 80, timeoutMs: 1000 });
      expect(result.outcome).toBe("outside-topology");
    }
  });

  it("should remove every container and network of the topology on teardown", async () => {
    await topology.teardown();
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${RUN_LABEL}=${identity.runId}`] },
    });
    const networks = await docker.listNetworks({ filters: { label: [`${RUN_LABEL}=${identity.runId}`] } });
    expect(containers).toEqual([]);
    expect(networks).toEqual([]);
  });
});
