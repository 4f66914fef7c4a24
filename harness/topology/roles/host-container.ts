import type Dockerode from "dockerode";
import { throwIfInterrupted } from "../../resources/interruption.js";
import type { TopologyNetwork } from "../topology-network.js";

/** One network a host is on, with its fixed offset there (the same for both families). */
export interface Attachment {
  network: TopologyNetwork;
  offset: number;
}

export interface HostRequest {
  name: string;
  image: string;
  labels: Record<string, string>;
  /** The first is the primary network. */
  attachments: readonly Attachment[];
  cmd?: string[];
  capabilities?: string[];
  sysctls?: Record<string, string>;
  /** Keep stdin open, for the agent's attached stream. */
  openStdin?: boolean;
  /**
   * Keep no log of its output: for a host whose output is read from its attached stream only (the
   * agents' replies), so that the engine does not also write every line to a log file.
   */
  unlogged?: boolean;
}

function endpoint({ network, offset }: Attachment) {
  return {
    IPAMConfig: {
      IPv4Address: network.address(offset, "ipv4"),
      ...(network.hasIpv6 ? { IPv6Address: network.address(offset, "ipv6") } : {}),
    },
  };
}

/** Creates (not starts) a topology host with fixed addresses: the plumbing testcontainers has no knobs for. */
export async function createHost(docker: Dockerode, request: HostRequest): Promise<Dockerode.Container> {
  const [primary] = request.attachments;
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
      NetworkMode: primary.network.name,
      CapAdd: request.capabilities ?? [],
      Sysctls: request.sysctls ?? {},
      // Docker's embedded resolver would forward lookups to the engine's upstream servers, out of
      // the topology; with loopback as the only upstream, every outside lookup fails.
      Dns: ["127.0.0.1"],
      ...(request.unlogged ? { LogConfig: { Type: "none", Config: {} } } : {}),
    },
    NetworkingConfig: { EndpointsConfig: { [primary.network.name]: endpoint(primary) } },
  });
  // Engines before API 1.44 take one network at create; the others are connected before start.
  for (const extra of request.attachments.slice(1)) {
    await docker.getNetwork(extra.network.name).connect({ Container: container.id, EndpointConfig: endpoint(extra) });
  }
  return container;
}
