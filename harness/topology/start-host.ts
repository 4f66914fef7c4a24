import type Dockerode from "dockerode";
import { throwIfInterrupted } from "../resources/interruption.js";

export interface HostRequest {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** Networks with this host's fixed address on each; the first is the primary. */
  networks: ReadonlyArray<{ name: string; address: string }>;
  cmd?: string[];
  capabilities?: string[];
  sysctls?: Record<string, string>;
  /** Keep stdin open, for the agent's attached stream. */
  openStdin?: boolean;
}

/** Creates (not starts) a topology host with fixed addresses: the plumbing testcontainers has no knobs for. */
export async function createHost(docker: Dockerode, request: HostRequest): Promise<Dockerode.Container> {
  const [primary] = request.networks;
  if (!primary) throw new Error(`host ${request.name} needs a network`);
  throwIfInterrupted();
  const container = await docker.createContainer({
    name: request.name,
    Image: request.image,
    Labels: request.labels,
    ...(request.cmd ? { Cmd: request.cmd } : {}),
    OpenStdin: request.openStdin ?? false,
    StdinOnce: false,
    AttachStdin: request.openStdin ?? false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    HostConfig: {
      NetworkMode: primary.name,
      CapAdd: request.capabilities ?? [],
      Sysctls: request.sysctls ?? {},
      // Docker's embedded resolver would forward lookups to the engine's upstream servers, out of
      // the topology; with loopback as the only upstream, every outside lookup fails at once.
      Dns: ["127.0.0.1"],
    },
    NetworkingConfig: { EndpointsConfig: { [primary.name]: { IPAMConfig: { IPv4Address: primary.address } } } },
  });
  // Engines before API 1.44 take one network at create; the others are connected before start.
  for (const extra of request.networks.slice(1)) {
    await docker
      .getNetwork(extra.name)
      .connect({ Container: container.id, EndpointConfig: { IPAMConfig: { IPv4Address: extra.address } } });
  }
  return container;
}
