import { inPortRange } from "../harness/topology/network-facts.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { enterListener, enterPassive, isUnsupported, type PassiveMode } from "../harness/ftp/passive-mode.js";
import type { DialOutcome } from "../harness/agent/agent-protocol.js";
import { causeOfFailedDial } from "../harness/checks/failure-cause.js";
import type { ControlSession, Endpoint } from "../harness/ftp/control-session.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { portsExhaustion } from "./ports-exhaustion.js";

const SESSIONS = 5;
const REPLIES_PER_SESSION = 10;

/** Passive ports from alternating PASV and EPSV (PASV only when EPSV is not offered). */
async function samplePorts(session: ControlSession, controlHost: string, count: number) {
  const probe = await session.send("EPSV");
  const modes: PassiveMode[] = isUnsupported(probe) ? ["PASV"] : ["PASV", "EPSV"];
  const ports: Array<{ mode: PassiveMode; port: number }> = [];
  for (let i = 0; i < count; i++) {
    const mode = modes[i % modes.length] as PassiveMode;
    ports.push({ mode, port: (await enterPassive(session, mode, controlHost)).port });
  }
  return ports;
}

export const portsInRange: CheckDefinition = {
  id: "ports.in-range",
  title: "Passive ports stay inside the declared range",
  source: "vsftpd.conf(5) pasv_min_port/pasv_max_port; ProFTPD PassivePorts; Pure-FTPd -p (passive port range)",
  requirement: `Over ${SESSIONS * REPLIES_PER_SESSION} PASV and EPSV replies in ${SESSIONS} sessions, every port lies inside the declared passive range.`,
  level: "MUST",
  // Measured: the kernel's nf_nat_ftp moves a data port to another gateway port whenever an
  // earlier expectation holds it, so behind the helper clients see the gateway's ports.
  notApplicable: (scenario) =>
    scenario.ftpHelper ? "the gateway's FTP helper picks the ports clients see, not the server" : null,
  async run(context) {
    const { min, max } = context.target.passiveRange;
    const sampled: Array<{ mode: PassiveMode; port: number }> = [];
    for (let i = 0; i < SESSIONS; i++) {
      const session = await context.openLoggedIn();
      sampled.push(...(await samplePorts(session, context.network.control.host, REPLIES_PER_SESSION)));
      await session.close();
    }
    const outside = sampled.filter(({ port }) => port < min || port > max);
    const seen = [...new Set(sampled.map((s) => s.port))].sort((a, b) => a - b);
    if (outside.length === 0) return pass(`${min}-${max}`, `${sampled.length} replies, ports ${seen.join(", ")}`);
    return fail(
      `every port in ${min}-${max}`,
      `${outside.length} of ${sampled.length} outside: ${outside
        .slice(0, 10)
        .map((o) => `${o.mode} ${o.port}`)
        .join(", ")}`,
      `a firewall forwarding only the declared range drops these: configure ${context.target.settings.passiveRange(min, max)}, and forward the same range`,
    );
  },
};

/** True when most steps between consecutive ports are the same: a sequence an attacker can predict. Pure. */
export function looksSequential(ports: readonly number[]): boolean {
  if (ports.length < 4) return false;
  const steps = ports.slice(1).map((port, i) => port - (ports[i] as number));
  const counts = new Map<number, number>();
  for (const step of steps) counts.set(step, (counts.get(step) ?? 0) + 1);
  return Math.max(...counts.values()) >= 0.8 * steps.length;
}

export const portsUnpredictable: CheckDefinition = {
  id: "ports.unpredictable",
  title: "Passive ports are not a simple sequence",
  source: "RFC 2577 section 8 (port stealing)",
  requirement: "Consecutive passive ports do not follow a simple sequence that another host could predict.",
  level: "ADVISORY",
  async run(context) {
    const session = await context.openLoggedIn();
    const ports = (await samplePorts(session, context.network.control.host, 20)).map((s) => s.port);
    if (!looksSequential(ports)) return pass("no simple sequence", ports.join(", "));
    return fail(
      "no simple sequence",
      `predictable: ${ports.join(", ")}`,
      "choose passive ports at random within the range",
    );
  },
};

const WINDOW_SAMPLES = 20;
/** More samples, while none has landed outside a window narrower than the range. */
const MAX_WINDOW_SAMPLES = 40;

export const portsFirewallWindow: CheckDefinition = {
  id: "ports.firewall-window",
  title: "Which share of advertised passive ports gets through the firewall",
  source: "vsftpd.conf(5) pasv_min_port/pasv_max_port; ProFTPD PassivePorts (the firewall must pass the whole range)",
  requirement:
    `Over ${WINDOW_SAMPLES} passive replies, every advertised port accepts a connection from the client host; ` +
    "when only some do, the report gives the share and names the cause.",
  level: "ADVISORY",
  notApplicable: (scenario) => (scenario.forwarding === "none" ? "the gateway forwards no passive range here" : null),
  async run(context) {
    const { min, max } = context.target.passiveRange;
    const { network } = context;
    const window = network.forwardedPorts;
    const outside = (port: number) => window !== null && !inPortRange(port, window);
    const narrower = window !== null && (min < window.min || max > window.max);
    const session = await context.openLoggedIn();
    const samples: Array<{ endpoint: Endpoint; outcome: DialOutcome }> = [];
    while (
      samples.length < WINDOW_SAMPLES ||
      (narrower && !samples.some((s) => outside(s.endpoint.port)) && samples.length < MAX_WINDOW_SAMPLES)
    ) {
      // The port is the question here, not the 227's address: dialled at the control host.
      const { endpoint } = await enterListener(session, network.control.host);
      const probe = await context.client.request("tcp.probe", {
        ...endpoint,
        timeoutMs: context.timeouts.dataConnectMs,
      });
      samples.push({ endpoint, outcome: probe.outcome });
    }
    const unique = (list: typeof samples) =>
      [...new Set(list.map((s) => s.endpoint.port))].sort((a, b) => a - b).join(", ") || "none";
    const through = samples.filter((s) => s.outcome === "connected");
    const blocked = samples.filter((s) => s.outcome !== "connected");
    const share = Math.round((100 * through.length) / samples.length);
    const observed = `${through.length} of ${samples.length} advertised ports (${share}%) let through`;
    const expected = "every advertised port let through";
    if (blocked.length === 0) return pass(expected, `${observed}: ${unique(through)}`);
    const windowText = window ? `${window.min}-${window.max}` : "none";
    const unexplained = blocked.filter((s) => !causeOfFailedDial(s.endpoint, s.outcome, network));
    if (unexplained.length > 0) {
      const example = unexplained[0] as (typeof samples)[number];
      return fail(
        expected,
        `${observed}; ${unexplained.length} blocked inside the forwarded ${windowText} (${unique(unexplained)}: ` +
          `${describeDial(example.outcome, context.timeouts.dataConnectMs)}): not the firewall's window; nothing listens there`,
        "the server advertised ports it does not listen on; see its log",
      );
    }
    const size = max - min + 1;
    const forwarded = window ? Math.max(0, Math.min(max, window.max) - Math.max(min, window.min) + 1) : 0;
    const lost = Math.round((100 * (size - forwarded)) / size);
    return fail(
      expected,
      `${observed}; blocked: ${unique(blocked)}, all outside the forwarded ${windowText}; through: ${unique(through)}. ` +
        `The firewall forwards ${forwarded} of the ${size} ports of the server's range ${min}-${max}, so about ${lost}% ` +
        `of data connections fail, by the port the server picks`,
      `forward the whole range ${min}-${max} in the firewall, or narrow the server to the forwarded ports (${context.target.settings.passiveRange(min, max)})`,
      {
        kind: "port-outside-forwarded-window",
        detail: `${blocked.length} of ${samples.length} advertised ports lie outside the forwarded ${windowText} and were blocked; every port inside it was let through`,
      },
    );
  },
};

export const PORT_CHECKS: readonly CheckDefinition[] = [
  portsInRange,
  portsUnpredictable,
  portsExhaustion,
  portsFirewallWindow,
];
