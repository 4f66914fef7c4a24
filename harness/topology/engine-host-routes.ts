import type Dockerode from "dockerode";
import { EnvironmentError } from "../errors.js";
import type { Progress } from "../progress.js";
import { MANAGED_LABEL, type RunIdentity } from "../resources/labels.js";
import { withDeadline } from "../util/deadline.js";
import { parseIpRoutes, type HostRoute } from "./host-routes.js";
import { describeExhausted, describeSkipped, routeFreePools } from "./route-free-pools.js";
import type { SubnetPools } from "./subnets.js";

const READ_TIMEOUT_MS = 20000;
const SEPARATOR = "@@ipv6@@";

/**
 * The engine host's routes (main table, both families), read by a short container in the engine
 * host's network namespace: the host where dockerd runs, this machine for a local engine and the
 * VM or remote machine otherwise. It only reads; it sends nothing.
 */
export async function readEngineHostRoutes(
  docker: Dockerode,
  image: string,
  identity: RunIdentity,
): Promise<HostRoute[]> {
  const container = await docker.createContainer({
    name: `ftpc-${identity.runId}-routes`,
    Image: image,
    Cmd: ["sh", "-c", `ip -j -4 route show table main; echo ${SEPARATOR}; ip -j -6 route show table main 2>/dev/null`],
    Labels: identity.labels,
    Tty: true,
    HostConfig: { NetworkMode: "host" },
  });
  try {
    await container.start();
    await withDeadline(container.wait(), READ_TIMEOUT_MS, "reading the engine host's routes");
    const output = String(await container.logs({ stdout: true, stderr: true }));
    const [ipv4, ipv6 = ""] = output.split(SEPARATOR);
    return [...parseIpRoutes(ipv4 ?? ""), ...parseIpRoutes(ipv6)];
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

/** The bridge devices of every network the harness made (any run's): their routes are not collisions. */
export async function ownBridgeDevices(docker: Dockerode): Promise<Set<string>> {
  const networks = await docker.listNetworks({ filters: { label: [`${MANAGED_LABEL}=true`] } });
  return new Set(networks.map((n) => n.Options?.["com.docker.network.bridge.name"] ?? `br-${n.Id.slice(0, 12)}`));
}

/**
 * The pools without the slots the engine host's own routes overlap, said in the progress output;
 * refuses (exit 2) naming the collision when a side has no slot left.
 */
export async function choosePools(
  docker: Dockerode,
  pools: SubnetPools,
  image: string,
  identity: RunIdentity,
  progress: Progress,
): Promise<SubnetPools> {
  const [routes, own] = await Promise.all([readEngineHostRoutes(docker, image, identity), ownBridgeDevices(docker)]);
  const free = routeFreePools(pools, routes, own);
  if (free.exhausted.length > 0) throw new EnvironmentError(describeExhausted(free));
  for (const line of describeSkipped(free.skipped)) progress.step(line);
  return free.pools;
}
