import type Dockerode from "dockerode";
import { Wait } from "testcontainers";
import type { AgentConnection } from "../agent/agent-connection.js";
import { attachAgent, awaitAgent } from "../agent/container-agent.js";
import type { PortRange, ServerHealth } from "./network-facts.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import { containerLogTail } from "../resources/container-logs.js";
import { execSetup } from "../resources/exec-setup.js";
import { throwIfInterrupted } from "../resources/interruption.js";
import type { RunIdentity } from "../resources/labels.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { createNetwork, releaseSlot, type CreatedNetwork } from "./create-network.js";
import type { ScenarioSpec } from "./scenarios.js";
import { createHost } from "./start-host.js";
import { hostAddress, PRIVATE_SLOTS, PUBLIC_SLOTS } from "./subnets.js";
import type { HostRole, Topology } from "./topology.js";
import { waitForGreeting } from "./wait-for-greeting.js";
import { ServerContainer } from "./server-container.js";

export interface TopologyImages {
  gateway: string;
  client: string;
  server: string;
}

export interface TopologyRequest {
  target: TargetSpec;
  scenario: ScenarioSpec;
  images: TopologyImages;
  identity: RunIdentity;
  fixtures: readonly FixtureFile[];
}

// Fixed host offsets inside each subnet (.1 is Docker's bridge, i.e. the engine's host).
const GATEWAY = 2;
const SERVER = 3;
const CLIENT = 4;
const INTRUDER = 5;

/**
 * Behind the FTP helper a data port the helper had to move (an earlier expectation held it) still
 * leads to the same server port. A closed data connection's conntrack entry (TIME_WAIT, 120 s by
 * default) then clashes with a new one whenever the client happens to reuse its source port: the
 * kernel drops the SYN, the expectation is used up, and the retransmitted SYN is refused (seen in
 * about 1 run of 9 with three runs at once: curl "connect to ...:47558 failed: Connection refused"
 * after 1.2 s). One second is ample for a closing data connection and makes the clash negligible.
 */
const HELPER_CONNTRACK_TIMEOUTS = {
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": "1",
  "net.netfilter.nf_conntrack_tcp_timeout_close": "1",
};

/**
 * Builds one scenario around one server: networks, gateway (for NAT), the server's network
 * namespace with its route set, the server, and the client and intruder agents. No host keeps a
 * route out: the public side is an internal network, the gateway's default route is deleted, and
 * the server's default route points at the gateway.
 */
export async function buildTopology(docker: Dockerode, request: TopologyRequest): Promise<Topology> {
  const { target, scenario, images, identity } = request;
  const prefix = `ftpc-${identity.runId}-${target.name}-${scenario.name}`;
  const networks: CreatedNetwork[] = [];
  const hosts: Partial<Record<HostRole, Dockerode.Container>> = {};
  const agents: AgentConnection[] = [];

  const teardown = async () => {
    for (const agent of agents) agent.close();
    await Promise.all(Object.values(hosts).map((c) => c.remove({ force: true, v: true }).catch(() => undefined)));
    for (const n of networks) {
      await n.network.remove().catch(() => undefined);
      releaseSlot(n.cidr);
    }
  };

  try {
    const pub = await createNetwork(docker, {
      name: `${prefix}-public`,
      labels: identity.labels,
      slots: PUBLIC_SLOTS,
      internal: true,
    });
    networks.push(pub);
    const priv = scenario.natted
      ? await createNetwork(docker, {
          name: `${prefix}-private`,
          labels: identity.labels,
          slots: PRIVATE_SLOTS,
          // Not internal: Docker's isolation rules would drop the DNAT-forwarded packets. No
          // masquerade, and the server's default route goes via the gateway, not the engine.
          internal: false,
          options: { "com.docker.network.bridge.enable_ip_masquerade": "false" },
        })
      : undefined;
    if (priv) networks.push(priv);
    const subnets = networks.map((n) => n.cidr);

    const publicAddress = priv ? hostAddress(pub.cidr, GATEWAY) : hostAddress(pub.cidr, SERVER);
    const serverAddress = priv ? hostAddress(priv.cidr, SERVER) : publicAddress;
    const range = target.passiveRange;

    if (priv) {
      hosts.gateway = await createHost(docker, {
        name: `${prefix}-gateway`,
        image: images.gateway,
        labels: identity.labels,
        networks: [
          { name: pub.name, address: publicAddress },
          { name: priv.name, address: hostAddress(priv.cidr, GATEWAY) },
        ],
        capabilities: ["NET_ADMIN", "NET_RAW"],
        sysctls: { "net.ipv4.ip_forward": "1", ...(scenario.ftpHelper ? HELPER_CONNTRACK_TIMEOUTS : {}) },
      });
      await hosts.gateway.start();
      await execSetup(hosts.gateway, [
        "setup-gateway.sh",
        publicAddress,
        serverAddress,
        String(target.controlPort),
        scenario.ftpHelper ? "on" : "off",
        ...forwardedPorts(scenario, range),
      ]);
    }

    // The server's network namespace is held by a small host of the gateway image, which sets
    // the route before the server starts: the server image needs no tools and no capability.
    hosts.serverNet = await createHost(docker, {
      name: `${prefix}-server-net`,
      image: images.gateway,
      labels: identity.labels,
      networks: [{ name: (priv ?? pub).name, address: serverAddress }],
      capabilities: ["NET_ADMIN"],
    });
    await hosts.serverNet.start();
    await execSetup(hosts.serverNet, ["setup-route.sh", ...(priv ? [hostAddress(priv.cidr, GATEWAY)] : [])]);

    throwIfInterrupted();
    const facts = { publicAddress: scenario.advertisesPublicAddress ? publicAddress : null, passiveRange: range };
    const served = [...request.fixtures, ...target.servedFiles];
    const serverContainer = new ServerContainer(images.server, target.init)
      .withName(`${prefix}-server`)
      .withNetworkMode(`container:${hosts.serverNet.id}`)
      .withLabels(identity.labels)
      .withEnvironment(target.environment(facts))
      .withAddedCapabilities(...(target.capabilities as []))
      .withCopyContentToContainer([
        ...served.map((f) => ({ content: f.content, target: `${target.servedDirectory}/${f.name}`, mode: 0o644 })),
        ...target.configFiles(facts).map((f) => ({ content: f.content, target: f.path, mode: 0o644 })),
      ])
      .withStartupTimeout(target.startup.timeoutMs);
    const command = target.command(facts);
    if (command) serverContainer.withCommand(command);
    if (target.startup.logLine) serverContainer.withWaitStrategy(Wait.forLogMessage(target.startup.logLine));
    const started = await serverContainer.start();
    hosts.server = docker.getContainer(started.getId());

    const startAgent = async (role: "client" | "intruder", offset: number) => {
      const container = await createHost(docker, {
        name: `${prefix}-${role}`,
        image: images.client,
        labels: identity.labels,
        networks: [{ name: pub.name, address: hostAddress(pub.cidr, offset) }],
        cmd: ["--allow", subnets.join(",")],
        openStdin: true,
        // Only to delete the default route Docker gives hosts even on an internal network.
        capabilities: ["NET_ADMIN"],
      });
      hosts[role] = container;
      const agent = await attachAgent(container, `${role}@${target.name}/${scenario.name}`);
      agents.push(agent);
      await container.start();
      await execSetup(container, ["sh", "-c", "ip route del default 2>/dev/null || true; ip route"]);
      await awaitAgent(agent);
      return agent;
    };
    const [client, intruder] = await Promise.all([startAgent("client", CLIENT), startAgent("intruder", INTRUDER)]);

    const server = hosts.server;
    const serverHealth = async (): Promise<ServerHealth> => {
      const state = (await server.inspect()).State;
      return {
        running: state.Running,
        exitCode: state.Running ? null : state.ExitCode,
        logTail: state.Running ? "" : await containerLogTail(server),
      };
    };
    const control = { host: publicAddress, port: target.controlPort };
    await waitForGreeting(client, control, serverHealth, target.startup.timeoutMs);

    return {
      network: {
        control,
        publicAddress,
        serverAddress,
        privateSubnets: priv ? [priv.cidr] : [],
        clientAddress: hostAddress(pub.cidr, CLIENT),
        intruderAddress: hostAddress(pub.cidr, INTRUDER),
        forwardedPorts: forwardedWindow(scenario, range),
      },
      client,
      intruder,
      hosts,
      subnets,
      serverHealth,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw new Error(`building ${scenario.name} for ${target.name}: ${(error as Error).message}`);
  }
}

/** The passive ports the gateway DNATs to the server, or null where it forwards none. */
export function forwardedWindow(scenario: ScenarioSpec, range: PortRange): PortRange | null {
  if (scenario.forwarding === "none") return null;
  if (scenario.forwarding === "whole-range") return range;
  const half = Math.max(range.min, range.min + Math.floor((range.max - range.min + 1) / 2) - 1);
  return { min: range.min, max: half };
}

/** The same window as iptables --dport ranges. */
export function forwardedPorts(scenario: ScenarioSpec, range: PortRange): string[] {
  const window = forwardedWindow(scenario, range);
  return window ? [`${window.min}:${window.max}`] : [];
}
