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
import type { Scenario } from "../harness/topology/scenario.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import type { Topology } from "../harness/topology/topology.js";
import { NAME_SERVER_LOG } from "../harness/topology/roles/name-server.js";

/** TEST-NET-1 (RFC 5737) and the IPv6 documentation prefix (RFC 3849): outside every topology, routed nowhere. */
const OUTSIDE = ["192.0.2.1", "2001:db8::1"];

/**
 * Tries a TCP connection from inside a host's network namespace; reports the shell's verdict and
 * how long it took. bash's /dev/tcp needs no tool the images lack.
 */
async function dialFrom(container: Dockerode.Container, address: string): Promise<{ output: string; ms: number }> {
  const script = `start=$(date +%s%N); if timeout 5 bash -c 'exec 3<>/dev/tcp/${address}/80' 2>/tmp/err; then r=connected; else r="failed: $(cat /tmp/err)"; fi; echo "$r after $(( ($(date +%s%N) - start) / 1000000 )) ms"`;
  const output = (await execSetup(container, ["sh", "-c", script], 10000)).trim();
  return { output, ms: Number(/after (\d+) ms/.exec(output)?.[1] ?? "99999") };
}

/** Every scenario: a new scenario is covered by adding it. */
describe.each(SCENARIOS.map((s) => s.name))("no egress from the %s topology", { timeout: 120000 }, (scenarioName) => {
  let docker: Dockerode;
  let topology: Topology;
  const identity = newRunIdentity();
  const scenario = SCENARIOS.find((s) => s.name === scenarioName) as Scenario;

  beforeAll(async () => {
    docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const images = await ensureRoleImages(docker, ["gateway", "client"], base, silentProgress);
    // vsftpd's image with implicit FTPS on 990 beside 21: the gateways forward (or relay) both control ports.
    const vsftpd = builtinTarget("vsftpd-implicit");
    const server = await ensureTargetImage(docker, vsftpd, base, silentProgress);
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

  it("should leave no host with a default route of either family, except the server's via its NAT gateway", async () => {
    for (const { role, container } of topology.hosts) {
      const routes = await execSetup(container, ["sh", "-c", "ip -4 route; ip -6 route"]);
      const defaults = routes.split("\n").filter((line) => line.startsWith("default"));
      // Every replica's namespace (server-namespace-2, ...) routes via the balancer as the server's does.
      if (role.startsWith("server-namespace") && scenario.natted) {
        expect(defaults, role).toEqual([expect.stringMatching(/^default via 10\.213\.\d+\.2 /)]);
      } else {
        expect(defaults, `${role}: ${routes}`).toEqual([]);
      }
    }
  });

  it("should make a connection from every host to an outside address (IPv4 and IPv6) fail at once, unreachable", async () => {
    for (const { role, container } of topology.hosts) {
      for (const address of OUTSIDE) {
        const { output, ms } = await dialFrom(container, address);
        // A host with no address of that family cannot even pick a source ("Cannot assign").
        expect(output, `${role} -> ${address}`).toMatch(/^failed: .*(unreachable|No route|Cannot assign)/i);
        expect(ms, `${role} -> ${address}: ${output}`).toBeLessThan(2000);
      }
    }
  });

  it.runIf(scenario.clientNat)(
    "should answer the server's dial to the client's private address inside the topology (unreachable)",
    async () => {
      const holder = topology.hosts.find((h) => h.role === "server-namespace");
      const own = topology.network.clientPrivateAddress;
      expect(own).toMatch(/^10\.213\./);
      const { output, ms } = await dialFrom(holder?.container as Dockerode.Container, own as string);
      expect(output).toMatch(/^failed: .*(unreachable|No route)/i);
      expect(ms).toBeLessThan(2000);
    },
  );

  it.runIf(scenario.advertisesPublicName)(
    "should resolve the public name inside, fail a lookup of an outside name at once, and forward no lookup",
    async () => {
      const holder = topology.hosts.find((h) => h.role === "server-namespace")?.container as Dockerode.Container;
      const names = topology.hosts.find((h) => h.role === "name-server")?.container as Dockerode.Container;
      const lookup = async (name: string) => {
        const script = `start=$(date +%s%N); getent ahostsv4 ${name} >/tmp/found; rc=$?; head -1 /tmp/found; echo "rc=$rc after $(( ($(date +%s%N) - start) / 1000000 )) ms"`;
        return (await execSetup(holder, ["sh", "-c", script], 10000)).trim();
      };
      const inside = topology.network.publicName?.name as string;
      expect(await lookup(inside)).toMatch(new RegExp(`^${topology.network.publicAddress.replaceAll(".", "\\.")} `));
      const outside = await lookup("example.com");
      // getent: exit 2, "not found".
      expect(outside).toMatch(/^rc=2 after \d+ ms$/);
      expect(Number(/after (\d+) ms/.exec(outside)?.[1])).toBeLessThan(2000);
      // The server's resolver asks only the topology's name server, which has no upstream to forward to.
      expect(await execSetup(holder, ["cat", "/etc/resolv.conf"])).toMatch(/^nameserver 10\.213\.\d+\.\d+$/m);
      const log = await execSetup(names, ["cat", NAME_SERVER_LOG]);
      expect(log).toContain("query[A] example.com");
      expect(log).not.toMatch(/forwarded/);
    },
  );

  it("should keep the agents from dialling outside the topology at all", async () => {
    for (const agent of [topology.client, topology.intruder]) {
      for (const host of OUTSIDE) {
        const result = await agent.request("tcp.probe", { host, port: 80, timeoutMs: 1000 });
        expect(result.outcome, host).toBe("outside-topology");
      }
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
