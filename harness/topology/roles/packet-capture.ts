import { basename } from "node:path";
import { PassThrough } from "node:stream";
import type Dockerode from "dockerode";
import { TLS_KEY_LOG_PATH } from "../../agent/tls-key-log.js";
import { captureFilter } from "../../capture/capture-filter.js";
import type { CapturedInterface, CapturedPackets } from "../../capture/captured-packets.js";
import type { PacketCaptureSettings } from "../../capture/capture-settings.js";
import { controlPorts } from "../../capture/control-ports.js";
import { tarFiles } from "../../capture/tar-files.js";
import { throwIfInterrupted } from "../../resources/interruption.js";
import { withDeadline } from "../../util/deadline.js";
import type { TopologySite } from "../topology-site.js";

/** tcpdump's own default: whole packets, also the large segments a sender's offload hands its interface. */
const SNAP_LENGTH = 262144;
const READY_TIMEOUT_MS = 10000;
/** How long a host's captures may take to stop and be written out (the tar on the script's stdout). */
const STOP_AND_COPY_TIMEOUT_MS = 35000;
/** How long the captures go on after the harness asks them to stop (see CAPTURE_SCRIPT). */
const SETTLE_SECONDS = 0.25;
const IN_CONTAINER_DIRECTORY = "/captures";
/** What tcpdump runs (-z) when a file passes the limit. */
const FULL_HELPER = "/tmp/capture-full";

/**
 * One tcpdump per interface named `name=address` (the interface holding that IPv4 address),
 * each writing /captures/<name>.pcap until it passes `limit` megabytes (the -z helper written
 * here then stops it: the file that filled is kept, the start of the pair's traffic). The
 * harness closes the script's stdin to stop them: SIGINT, so each file is complete. The script
 * then writes the files as a tar archive to its stdout (with `extra`, a file such as the agents'
 * TLS key log, when it exists): the harness reads them from the exec's own stream instead of an
 * engine archive request, which costs the engine a re-execution of its own binary (~40 ms of CPU)
 * per copy. Its stdout carries nothing else; tcpdump's messages go to stderr.
 * --immediate-mode: without it the kernel hands packets over in blocks at most once a second,
 * and a capture stopped just after the checks lacked their last second (measured: a capture
 * ended 0.9 s into a 1.5 s pair).
 * SETTLE_SECONDS before the SIGINT: tcpdump stops reading at the signal and drops what the kernel
 * had not handed it yet, so under load a gateway's capture lacked the last SYNs of the pair's last
 * check while the agents' had them (seen once in the integration tests, a loaded machine).
 */
const CAPTURE_SCRIPT = `
limit=$1; filter=$2; extra=$3; shift 3
mkdir -p ${IN_CONTAINER_DIRECTORY}
printf '#!/bin/sh\\nkill -INT "$PPID"\\n' >${FULL_HELPER} && chmod 755 ${FULL_HELPER}
pids=""
for spec in "$@"; do
  name=\${spec%%=*}
  address=\${spec#*=}
  dev=$(ip -o -4 addr show to "$address" | cut -d" " -f2)
  if [ -z "$dev" ]; then echo "capture: no interface holds $address" >&2; exit 1; fi
  tcpdump -n -U --immediate-mode -Z root -i "$dev" -s ${SNAP_LENGTH} -C "$limit" -z ${FULL_HELPER} \\
    -w "${IN_CONTAINER_DIRECTORY}/$name.pcap" "$filter" >/dev/null &
  pids="$pids $!"
done
cat >/dev/null
sleep ${SETTLE_SECONDS}
kill -INT $pids 2>/dev/null
wait
if [ -n "$extra" ] && [ -f "$extra" ]; then
  tar -cf - -C ${IN_CONTAINER_DIRECTORY} . -C "$(dirname "$extra")" "$(basename "$extra")"
else
  tar -cf - -C ${IN_CONTAINER_DIRECTORY} .
fi
`;

interface HostToCapture {
  /** Named after its container when absent. */
  role: string | undefined;
  container: Dockerode.Container;
}

interface Side {
  host: string;
  address: string;
  mac: string;
}

/**
 * Packet captures of a topology's hosts, as testcontainers builds a container: the hosts are
 * named before it starts. Each host runs tcpdump itself (a `docker exec` of the script above,
 * stdin attached: closing it stops the capture), recording each of the host's interfaces, the
 * topology's own (nothing else is in that namespace); the gateway and client images carry
 * tcpdump. Started before the first packet of the checks, stopped and copied out before the
 * topology is removed. An exec, not a container per host: a container's start and removal cost
 * the engine several times the CPU of an exec (measured), twice per pair.
 */
export class PacketCapture {
  private readonly hosts: HostToCapture[] = [];
  private keyLogHost: Dockerode.Container | undefined;

  constructor(
    private readonly site: TopologySite,
    private readonly settings: PacketCaptureSettings,
  ) {}

  /** Captures every interface of this host; its role names the files (by default its container's name within the topology). */
  of(container: Dockerode.Container, role?: string): this {
    this.hosts.push({ role, container });
    return this;
  }

  /** Copies the agents' TLS key log out of this host (one of the captured hosts) beside the captures. */
  withKeyLogFrom(container: Dockerode.Container): this {
    this.keyLogHost = container;
    return this;
  }

  async start(): Promise<StartedPacketCapture> {
    if (this.keyLogHost && !this.hosts.some((h) => h.container === this.keyLogHost))
      throw new Error("the TLS key log comes from a captured host");
    const started = await Promise.all(this.hosts.map((host) => this.startOn(host)));
    return new StartedPacketCapture(started);
  }

  private async startOn(host: HostToCapture): Promise<RunningCapture> {
    const { role, sides } = await this.sidesOf(host);
    throwIfInterrupted();
    const exec = await host.container.exec({
      Cmd: [
        "sh",
        "-c",
        CAPTURE_SCRIPT,
        "capture",
        String(this.settings.limitMegabytes),
        captureFilter(this.settings.scope, controlPorts(this.site.target)),
        host.container === this.keyLogHost ? TLS_KEY_LOG_PATH : "",
        ...sides.map((s) => `${s.host}=${s.address}`),
      ],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    const stream = (await exec.start({ hijack: true, stdin: true })) as CaptureStream;
    // stdout: the archive the script writes once stopped; stderr: tcpdump's messages.
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    host.container.modem.demuxStream(stream, stdout, stderr);
    const archive: Buffer[] = [];
    stdout.on("data", (chunk: Buffer) => archive.push(chunk));
    const ended = new Promise<void>((resolve) => {
      stdout.on("end", resolve);
      const end = () => stdout.end();
      stream.on("end", end);
      stream.on("close", end);
    });
    let said = "";
    const listening = new Promise<void>((resolve, reject) => {
      stderr.on("data", (chunk: Buffer) => {
        said += chunk.toString("latin1");
        if ((said.match(/listening on/g) ?? []).length >= sides.length) resolve();
      });
      void ended.then(() => reject(new Error(`the capture on ${role} ended at once: ${said.trim()}`)));
    });
    try {
      await withDeadline(listening, READY_TIMEOUT_MS, `tcpdump on ${role} to start listening`);
    } catch (error) {
      stream.destroy?.();
      throw error;
    }
    stderr.resume();
    return { role, sides, stream, ended, archive };
  }

  /**
   * The host's role and its interfaces, named after the networks they are on: the site names
   * every container and network `<prefix>-<role>`.
   */
  private async sidesOf(host: HostToCapture): Promise<{ role: string; sides: Side[] }> {
    const inspected = await host.container.inspect();
    const within = (name: string) => withoutPrefix(name.replace(/^\//, ""), `${this.site.prefix}-`);
    const role = host.role ?? within(inspected.Name);
    const networks = Object.entries(inspected.NetworkSettings.Networks);
    const sides = networks.map(([name, endpoint]) => ({
      host: networks.length === 1 ? role : `${role}-${within(name)}`,
      address: endpoint.IPAddress,
      mac: endpoint.MacAddress,
    }));
    return { role, sides };
  }
}

const withoutPrefix = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);

interface RunningCapture {
  role: string;
  sides: Side[];
  /** The script's stdin (closing it stops the capture) and output. */
  stream: CaptureStream;
  /** Settles once the script has exited and its stdout is read. */
  ended: Promise<void>;
  /** The script's stdout so far: the tar archive of its files once it has ended. */
  archive: Buffer[];
}

type CaptureStream = NodeJS.ReadWriteStream & { destroy?: () => void };

export class StartedPacketCapture {
  private collected: Promise<CapturedPackets> | undefined;

  constructor(private readonly running: readonly RunningCapture[]) {}

  /**
   * Stops every capture (each file complete) and copies the files and the TLS key log out of
   * their hosts; writing them beside the report is the caller's. Once: later calls get the same answer.
   */
  collect(): Promise<CapturedPackets> {
    this.collected ??= this.stopAndCopy();
    return this.collected;
  }

  private async stopAndCopy(): Promise<CapturedPackets> {
    const keyLogName = basename(TLS_KEY_LOG_PATH);
    let tlsKeyLog: Buffer | undefined;
    const perHost = await Promise.all(
      this.running.map(async ({ role, sides, stream, ended, archive }) => {
        stream.end();
        // Past the wait, what arrived is read: the files the archive holds whole.
        await withDeadline(ended, STOP_AND_COPY_TIMEOUT_MS, `the captures on ${role} to stop and be copied`).catch(
          () => undefined,
        );
        stream.destroy?.();
        const files = await tarFiles(Buffer.concat(archive));
        const keys = files.get(keyLogName);
        if (keys && keys.length > 0) tlsKeyLog = keys;
        return sides.flatMap((side): CapturedInterface[] => {
          const pcap = files.get(`${side.host}.pcap`);
          if (!pcap) return [];
          // tcpdump opened <name>.pcap1 once the first file passed the limit (and was stopped).
          const cut = files.has(`${side.host}.pcap1`);
          return [{ role, host: side.host, mac: side.mac, pcap, cut }];
        });
      }),
    );
    return { interfaces: perHost.flat(), ...(tlsKeyLog ? { tlsKeyLog } : {}) };
  }
}
