import type Dockerode from "dockerode";
import { containerLogTail } from "../../resources/container-logs.js";
import { execSetup } from "../../resources/exec-setup.js";
import { throwIfInterrupted } from "../../resources/interruption.js";
import type { ScenarioFacts } from "../../targets/target-spec.js";
import type { ServerHealth } from "../network-facts.js";
import type { AddressFamily, TopologyNetwork } from "../topology-network.js";
import type { TopologySite } from "../topology-site.js";
import { createHost, type Attachment } from "./host-container.js";
import { asScript, routeCommands, type HostRoutes } from "./network-commands.js";

/** One name server, asked once with a one-second timeout: a lookup that fails, fails fast. */
const WRITE_RESOLV_CONF = 'printf "nameserver %s\\noptions timeout:1 attempts:1\\n" "$1" > /etc/resolv.conf';

/**
 * The server under test on one network of the topology. Its network namespace is held by a small
 * host of the gateway image, which sets the routes before the server starts: the server's image
 * needs no tools and no capability.
 */
export class ServerHost {
  private attachment: Attachment | undefined;
  private routes: HostRoutes = { ipv4Default: null, ipv6Default: null };
  private publicAddress: string | null = null;
  private publicName: string | null = null;
  private nameServer: string | null = null;
  private family: AddressFamily = "ipv4";
  private names: readonly string[] = [];

  /** `role` names its containers (`<role>` and `<role>-net`): "server", or another replica's name. */
  constructor(
    private readonly site: TopologySite,
    private readonly role = "server",
  ) {}

  on(network: TopologyNetwork, offset: number): this {
    this.attachment = { network, offset };
    return this;
  }

  /** Where the server's default routes point (null: it has none, as on a network of its own). */
  routedVia(routes: HostRoutes): this {
    this.routes = routes;
    return this;
  }

  /** The public address the server is told to advertise (the profile's {{publicAddress}}), or none. */
  advertising(publicAddress: string | null): this {
    this.publicAddress = publicAddress;
    return this;
  }

  /** The public address as a host name the server is told instead (the profile's {{publicName}}), or none. */
  advertisingName(name: string | null): this {
    this.publicName = name;
    return this;
  }

  /**
   * The name server the server's resolver asks (its resolv.conf, shared with the namespace holder,
   * names only it), or none: Docker's resolver, which the holder's packet filter refuses.
   */
  resolvingWith(nameServer: string | null): this {
    this.nameServer = nameServer;
    return this;
  }

  /** The family clients will speak to it (the server is told, as some listen on one family only). */
  serving(family: AddressFamily): this {
    this.family = family;
    return this;
  }

  /** The addresses and host names clients reach the server by (its certificate names them). */
  reachedAt(...addresses: string[]): this {
    this.names = addresses;
    return this;
  }

  async start(): Promise<StartedServerHost> {
    const { site } = this;
    const attachment = this.attachment;
    if (!attachment) throw new Error("the server host needs a network");
    const holder = await createHost(site.docker, {
      name: site.name(`${this.role}-net`),
      image: site.images.gateway,
      labels: site.labels,
      attachments: [attachment],
      capabilities: ["NET_ADMIN"],
    });
    site.track(holder);
    await holder.start();
    await execSetup(holder, asScript(routeCommands(this.routes, { refuseLookups: true })));
    // The server's container joins the holder's namespace and bind-mounts the holder's resolv.conf:
    // written in place before the server starts, it is what the server resolves with.
    if (this.nameServer) await execSetup(holder, ["sh", "-c", WRITE_RESOLV_CONF, "sh", this.nameServer]);

    throwIfInterrupted();
    const target = site.target;
    const facts: ScenarioFacts = {
      publicAddress: this.publicAddress,
      publicName: this.publicName,
      family: this.family,
      passiveRange: target.passiveRange,
      serverNames: [...new Set([...this.names, attachment.network.address(attachment.offset, this.family)])],
    };
    const served = [...site.request.fixtures, ...target.servedFiles];
    // testcontainers is loaded once a server starts, not with the CLI: a usage error or a profile's
    // mistake is reported without it (~0.4 s of every start).
    const { Wait } = await import("testcontainers");
    const { ServerContainer } = await import("../server-container.js");
    const container = new ServerContainer(site.images.server, target.init)
      .withName(site.name(this.role))
      .withNetworkMode(`container:${holder.id}`)
      .withLabels(site.labels)
      .withEnvironment(target.environment(facts))
      .withAddedCapabilities(...(target.capabilities as []))
      .withCopyContentToContainer([
        ...served.map((f) => ({ content: f.content, target: `${target.servedDirectory}/${f.name}`, mode: 0o644 })),
        ...target.configFiles(facts).map((f) => ({ content: f.content, target: f.path, mode: 0o644 })),
      ])
      .withStartupTimeout(target.startup.timeoutMs);
    const command = target.command(facts);
    if (command) container.withCommand(command);
    if (target.startup.logLine) container.withWaitStrategy(Wait.forLogMessage(target.startup.logLine));
    // Tracked before it is known to have started: a failed start leaves a container to remove.
    const started = await container.start().catch(async (error: unknown) => {
      const left = site.docker.getContainer(site.name(this.role));
      await left.remove({ force: true, v: true }).catch(() => undefined);
      throw error;
    });
    const server = site.docker.getContainer(started.getId());
    site.track(server);
    return new StartedServerHost(server, holder, attachment);
  }
}

export class StartedServerHost {
  constructor(
    readonly container: Dockerode.Container,
    /** The host holding the server's network namespace: where its routes can be read. */
    readonly namespaceHolder: Dockerode.Container,
    private readonly attachment: Attachment,
  ) {}

  /** The engine's answer to a wait for the server's container: it stopped, or the wait failed. */
  private stopWatch: Promise<"stopped" | "unknown"> | undefined;
  private stopSeen: "stopped" | "unknown" | undefined;

  /** The server's own address on its network. */
  address(family: AddressFamily = "ipv4"): string {
    return this.attachment.network.address(this.attachment.offset, family);
  }

  /** The IPv4 addresses `name` resolves to in the server's namespace now (its resolver, its name server); none when the lookup fails. */
  async lookup(name: string): Promise<string[]> {
    const output = await execSetup(this.namespaceHolder, ["sh", "-c", 'getent ahostsv4 "$1" || true', "sh", name]);
    return [
      ...new Set(
        output
          .split("\n")
          .map((line) => line.split(/\s+/)[0] ?? "")
          .filter((a) => a !== ""),
      ),
    ];
  }

  /**
   * Whether the server still runs: asked before every check, so it costs no engine call while the
   * server runs. The first call inspects the container and starts one long-polled wait, which the
   * engine answers when the container stops; until then the server runs. Once it answered (or
   * could not be made), each call inspects the container.
   */
  async health(): Promise<ServerHealth> {
    if (!this.stopWatch) {
      this.stopWatch = this.container.wait().then(
        () => "stopped" as const,
        () => "unknown" as const,
      );
      void this.stopWatch.then((seen) => (this.stopSeen = seen));
    } else if (this.stopSeen === undefined) {
      return { running: true, exitCode: null, logTail: "" };
    }
    const state = (await this.container.inspect()).State;
    return {
      running: state.Running,
      exitCode: state.Running ? null : state.ExitCode,
      logTail: state.Running ? "" : await containerLogTail(this.container),
    };
  }
}
