import { afterAll, describe, expect, it, vi } from "vitest";
import { builtinTarget } from "../../targets/builtin-targets.js";
import type { TargetSpec } from "../../targets/target-spec.js";
import type { NetworkOptions, TopologySite } from "../topology-site.js";

/**
 * What every scenario builds, without an engine: the gateways run as they do (their containers and the
 * commands they execute recorded), the server, agents and name server as recorders of what they were told
 * (by method, so the order of a builder's setters does not count). The snapshot is what the compositions
 * built before they shared their opening; a change to any command, address or fact shows here.
 */
const recorded = vi.hoisted(() => ({ steps: [] as unknown[] }));

vi.mock("../roles/host-container.js", () => ({
  createHost: async (_docker: unknown, options: { name: string }) => {
    recorded.steps.push({ create: options });
    return { name: options.name, start: async () => undefined };
  },
}));
vi.mock("../../resources/exec-setup.js", () => ({
  execSetup: async (container: { name: string }, command: readonly string[]) => {
    recorded.steps.push({ exec: container.name, command });
    return "";
  },
}));

const fakes = vi.hoisted(() => {
  type Calls = Array<[string, unknown[]]>;
  /** A builder that records each call and, on start, what it was told (sorted by method) and a started fake. */
  const builder = (kind: string, role: string, started: (calls: Calls) => object) => {
    const calls: Calls = [];
    const proxy: object = new Proxy(
      {},
      {
        get: (_target, method: string) =>
          method === "start"
            ? async () => {
                const told = [...calls].sort(([a], [b]) => a.localeCompare(b));
                recorded.steps.push({ start: kind, role, told });
                return started(calls);
              }
            : (...args: unknown[]) => {
                calls.push([method, args]);
                return proxy;
              },
      },
    );
    return proxy;
  };
  type Net = { address(offset: number, family?: string): string };
  const arg = (calls: Calls, method: string) => calls.find(([m]) => m === method)?.[1];
  return {
    ServerHost: class {
      constructor(_site: unknown, role = "server") {
        return builder("server", role, (calls) => {
          const [net, offset] = arg(calls, "on") as [Net, number];
          const family = (arg(calls, "serving")?.[0] as string | undefined) ?? "ipv4";
          return { address: () => net.address(offset, family), namespaceHolder: { role: `${role}-net` } };
        });
      }
    },
    AgentHosts: class {
      constructor() {
        return builder("agents", "agents", (calls) => {
          const [net, offsets] = arg(calls, "on") as [Net, { client: number; intruder: number }];
          const family = (arg(calls, "speaking")?.[0] as string | undefined) ?? "ipv4";
          return {
            clientAddress: net.address(offsets.client, family),
            intruderAddress: net.address(offsets.intruder, family),
          };
        });
      }
    },
    NameServer: class {
      constructor() {
        return builder("name-server", "name-server", (calls) => {
          const [net, offset] = arg(calls, "on") as [Net, number];
          return { address: net.address(offset), container: { role: "name-server" } };
        });
      }
    },
  };
});
vi.mock("../roles/server-host.js", () => ({ ServerHost: fakes.ServerHost }));
vi.mock("../roles/agent-hosts.js", () => ({ AgentHosts: fakes.AgentHosts }));
vi.mock("../roles/name-server.js", () => ({ NameServer: fakes.NameServer }));

// The unit tier shares loaded modules between files (isolate: false): the scenarios are loaded afresh here,
// so the roles above are the recorders, and the registry is reset afterwards, so no other file gets them.
vi.resetModules();
const { SCENARIOS } = await import("../scenarios.js");
const { TopologyNetwork } = await import("../topology-network.js");
afterAll(() => {
  for (const role of ["host-container", "server-host", "agent-hosts", "name-server"])
    vi.doUnmock(`../roles/${role}.js`);
  vi.doUnmock("../../resources/exec-setup.js");
  vi.resetModules();
});

const SUBNETS = {
  public: { cidr: "203.0.113.0/29", ipv6Cidr: "fd00:0:0:1::/64" },
  private: { cidr: "10.213.0.0/24", ipv6Cidr: "fd00:0:0:2::/64" },
};

/** A site whose networks are fixed subnets and whose containers are recorded. */
function fakeSite(target: TargetSpec, scenarioName: string): TopologySite {
  const prefix = `ftpc-run-${target.name}-${scenarioName}`;
  return {
    docker: {},
    target,
    images: { gateway: "gateway-image", client: "client-image", server: "server-image" },
    labels: { run: "run" },
    name: (role: string) => `${prefix}-${role}`,
    track: () => undefined,
    network: async (role: string, options: NetworkOptions) => {
      recorded.steps.push({ network: role, options });
      const subnets = SUBNETS[options.side];
      return new TopologyNetwork({
        name: `${prefix}-${role}`,
        cidr: subnets.cidr,
        ipv6Cidr: options.ipv6 ? subnets.ipv6Cidr : null,
      } as never);
    },
  } as unknown as TopologySite;
}

/** Networks as their names, containers as their roles: what is built, as plain data. */
const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof TopologyNetwork ? `network ${v.name}` : v)));

const vsftpd = builtinTarget("vsftpd");
const TARGETS: TargetSpec[] = [
  vsftpd,
  // An implicit FTPS port of its own, which the gateways forward beside the control port.
  { ...vsftpd, name: "implicit", tls: { ...vsftpd.tls, port: 990 } } as TargetSpec,
];

describe("what each scenario builds", () => {
  it.each(
    SCENARIOS.flatMap((scenario) => TARGETS.map((target) => [scenario.name, target.name, scenario, target] as const)),
  )("%s for %s: the same containers, commands, hosts and network facts", async (_name, _target, scenario, target) => {
    recorded.steps.length = 0;
    const built = await scenario.build(fakeSite(target, scenario.name));
    expect(
      plain({
        steps: recorded.steps,
        network: built.network,
        gateways: built.gateways.length,
        others: built.others?.map((other) => other.role) ?? [],
        hooks: Object.keys(built).filter(
          (key) => typeof (built as unknown as Record<string, unknown>)[key] === "function",
        ),
      }),
    ).toMatchSnapshot();
  });
});
