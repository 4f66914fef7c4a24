import type Dockerode from "dockerode";
import { sleep } from "../util/deadline.js";
import { mapLimited } from "../util/map-limited.js";
import { MANAGED_LABEL, OWNER_LABEL, ownerIsGone, RUN_LABEL } from "./labels.js";

export interface CleanupCount {
  containers: number;
  networks: number;
}

type Selector = { runId: string } | { all: true } | { abandoned: true };

/**
 * Removes labelled containers, then labelled networks. `runId` selects one run; `abandoned`, what
 * runs of this host that no longer exist left behind; `all`, everything the harness ever made.
 * Images are kept: they are the cache.
 */
export async function removeResources(docker: Dockerode, selector: Selector): Promise<CleanupCount> {
  const label = "runId" in selector ? `${RUN_LABEL}=${selector.runId}` : `${MANAGED_LABEL}=true`;
  const keep = (labels: Record<string, string> | undefined) =>
    "abandoned" in selector ? ownerIsGone(labels?.[OWNER_LABEL]) : true;

  const containers = (await docker.listContainers({ all: true, filters: { label: [label] } })).filter((c) =>
    keep(c.Labels),
  );
  await mapLimited(containers, 8, (c) =>
    docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined),
  );

  const networks = (await docker.listNetworks({ filters: { label: [label] } })).filter((n) => keep(n.Labels));
  await mapLimited(networks, 8, async (n) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await docker.getNetwork(n.Id).remove();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        await sleep(200 * (attempt + 1));
      }
    }
  });
  return { containers: containers.length, networks: networks.length };
}
