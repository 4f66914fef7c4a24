import { inPortRange } from "../harness/topology/network-facts.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import {
  enterListener,
  enterPassive,
  isUnsupported,
  UnsupportedCommand,
  type PassiveMode,
} from "../harness/ftp/passive-mode.js";
import { replyText } from "../harness/ftp/reply-text.js";
import { ipv6 } from "./active-steps.js";
import type { DialOutcome } from "../harness/agent/agent-protocol.js";
import { causeOfFailedDial } from "../harness/checks/failure-cause.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { portsExhaustion } from "./ports-exhaustion.js";
import { ftpHelperOnPath } from "../harness/topology/scenario.js";

const SESSIONS = 5;
const REPLIES_PER_SESSION = 10;

/** How a sampling check says it stopped early: what it sampled already decides its verdict. */
const stoppedEarly = (sampled: number, planned: number, decides: string) =>
  ` (stopped after ${sampled} of ${planned}: the time budget for this target and scenario ran low, and ${decides})`;

/**
 * Passive ports from alternating PASV and EPSV (PASV only when EPSV is not offered; EPSV only over
 * IPv6, where PASV cannot name the server's address); fewer once `decided` says those sampled already
 * decide the verdict.
 */
async function samplePorts(
  session: ControlSession,
  controlHost: string,
  count: number,
  overIpv6: boolean,
  decided: (ports: ReadonlyArray<{ port: number }>) => boolean = () => false,
) {
  const probe = await session.send("EPSV");
  if (overIpv6 && isUnsupported(probe)) throw new UnsupportedCommand(`EPSV over IPv6: ${replyText(probe)}`);
  const modes: PassiveMode[] = overIpv6 ? ["EPSV"] : isUnsupported(probe) ? ["PASV"] : ["PASV", "EPSV"];
  const ports: Array<{ mode: PassiveMode; port: number }> = [];
  for (let i = 0; i < count && !decided(ports); i++) {
    const mode = modes[i % modes.length] as PassiveMode;
    ports.push({ mode, port: (await enterPassive(session, mode, controlHost)).port });
  }
  return ports;
}

export const portsInRange: CheckDefinition = {
  id: "ports.in-range",
  title: "Passive ports stay inside the declared range",
  source: "vsftpd.conf(5) pasv_min_port/pasv_max_port; ProFTPD PassivePorts; Pure-FTPd -p (passive port range)",
  requirement: `Over ${SESSIONS * REPLIES_PER_SESSION} PASV and EPSV replies (EPSV only over IPv6) in ${SESSIONS} sessions, every port lies inside the declared passive range.`,
  level: "MUST",
  concurrency: "alone",
  // Measured: the kernel's nf_nat_ftp moves a data port to another gateway port whenever an
  // earlier expectation holds it, so behind the helper clients see the gateway's ports.
  notApplicable: (scenario) =>
    ftpHelperOnPath(scenario) ? "a gateway's FTP helper picks the ports clients see, not the server" : null,
  async run(context) {
    const { min, max } = context.target.passiveRange;
    const planned = SESSIONS * REPLIES_PER_SESSION;
    const sampled: Array<{ mode: PassiveMode; port: number }> = [];
    const isOutside = ({ port }: { port: number }) => port < min || port > max;
    // One port outside the range fails the check whatever the others are.
    const decided = (more: ReadonlyArray<{ port: number }>) =>
      context.budgetRunsLow() && [...sampled, ...more].some(isOutside);
    for (let i = 0; i < SESSIONS && !decided([]); i++) {
      const session = await context.openLoggedIn();
      sampled.push(
        ...(await samplePorts(
          session,
          context.network.control.host,
          REPLIES_PER_SESSION,
          ipv6(context.scenario),
          decided,
        )),
      );
      await session.close();
    }
    const outside = sampled.filter(isOutside);
    const seen = [...new Set(sampled.map((s) => s.port))].sort((a, b) => a - b);
    if (outside.length === 0) return pass(`${min}-${max}`, `${sampled.length} replies, ports ${seen.join(", ")}`);
    const early =
      sampled.length < planned ? stoppedEarly(sampled.length, planned, "a port outside the range decides it") : "";
    return fail(
      `every port in ${min}-${max}`,
      `${outside.length} of ${sampled.length} outside: ${outside
        .slice(0, 10)
        .map((o) => `${o.mode} ${o.port}`)
        .join(", ")}${early}`,
      `a firewall forwarding only the declared range drops these: configure ${context.target.settings.passiveRange(min, max)}, and forward the same range`,
      {
        kind: "ports-outside-declared-range",
        detail: `${outside.length} of ${sampled.length} ports outside ${min}-${max} (e.g. ${outside[0]?.port})`,
        share: { seen: outside.length, of: sampled.length },
        range: { min, max },
      },
    );
  },
};

/** The share of equal steps between consecutive ports that makes them a sequence. */
const SEQUENCE_SHARE = 0.8;

/** How often the commonest step between consecutive ports occurs (0 for fewer than two ports). */
function commonestStep(ports: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const [i, port] of ports.slice(1).entries()) {
    const step = port - (ports[i] as number);
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return Math.max(0, ...counts.values());
}

/** True when most steps between consecutive ports are the same: a sequence an attacker can predict. Pure. */
export function looksSequential(ports: readonly number[]): boolean {
  if (ports.length < 4) return false;
  return commonestStep(ports) >= SEQUENCE_SHARE * (ports.length - 1);
}

/**
 * What looksSequential will say of `total` ports, decided from the first of them: true or false once
 * no ports still to come could change it (the commonest step already makes the share, or could not
 * make it even if every step to come were the same), undefined while they could. Pure.
 */
export function sequenceDecided(first: readonly number[], total: number): boolean | undefined {
  if (total < 4) return false;
  const needed = SEQUENCE_SHARE * (total - 1);
  const commonest = commonestStep(first);
  const stepsToCome = total - Math.max(first.length, 1);
  if (commonest >= needed) return true;
  if (commonest + stepsToCome < needed) return false;
  return undefined;
}

const UNPREDICTABLE_SAMPLES = 20;

export const portsUnpredictable: CheckDefinition = {
  id: "ports.unpredictable",
  title: "Passive ports are not a simple sequence",
  source: "RFC 2577 section 8 (port stealing)",
  requirement: "Consecutive passive ports do not follow a simple sequence that another host could predict.",
  level: "ADVISORY",
  concurrency: "alone",
  async run(context) {
    const session = await context.openLoggedIn();
    const portsOf = (sampled: ReadonlyArray<{ port: number }>) => sampled.map((s) => s.port);
    const decided = (sampled: ReadonlyArray<{ port: number }>) =>
      context.budgetRunsLow() && sequenceDecided(portsOf(sampled), UNPREDICTABLE_SAMPLES) !== undefined;
    const ports = portsOf(
      await samplePorts(session, context.network.control.host, UNPREDICTABLE_SAMPLES, ipv6(context.scenario), decided),
    );
    const sequential = sequenceDecided(ports, UNPREDICTABLE_SAMPLES) ?? looksSequential(ports);
    const early =
      ports.length < UNPREDICTABLE_SAMPLES
        ? stoppedEarly(
            ports.length,
            UNPREDICTABLE_SAMPLES,
            `the ${UNPREDICTABLE_SAMPLES - ports.length} ports left could not change whether ${Math.round(SEQUENCE_SHARE * 100)}% of the steps between them are alike`,
          )
        : "";
    if (!sequential) return pass("no simple sequence", `${ports.join(", ")}${early}`);
    return fail(
      "no simple sequence",
      `predictable: ${ports.join(", ")}${early}`,
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
  concurrency: "alone",
  notApplicable: (scenario) => (scenario.forwarding === "none" ? "the gateway forwards no passive range here" : null),
  async run(context) {
    const { min, max } = context.target.passiveRange;
    const { network } = context;
    const window = network.forwardedPorts;
    const outside = (port: number) => window !== null && !inPortRange(port, window);
    const narrower = window !== null && (min < window.min || max > window.max);
    const session = await context.openLoggedIn();
    const samples: Array<{ endpoint: Endpoint; outcome: DialOutcome }> = [];
    const unexplainedOf = (list: typeof samples) =>
      list.filter((s) => s.outcome !== "connected" && !causeOfFailedDial(s.endpoint, s.outcome, network));
    // A port inside the forwarded window that does not answer fails the check whatever the others do.
    const decided = () => context.budgetRunsLow() && unexplainedOf(samples).length > 0;
    while (
      (samples.length < WINDOW_SAMPLES ||
        (narrower && !samples.some((s) => outside(s.endpoint.port)) && samples.length < MAX_WINDOW_SAMPLES)) &&
      !decided()
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
    const unexplained = unexplainedOf(samples);
    if (unexplained.length > 0) {
      const example = unexplained[0] as (typeof samples)[number];
      const early =
        samples.length < WINDOW_SAMPLES
          ? stoppedEarly(samples.length, WINDOW_SAMPLES, "a blocked port inside the forwarded window decides it")
          : "";
      return fail(
        expected,
        `${observed}; ${unexplained.length} blocked inside the forwarded ${windowText} (${unique(unexplained)}: ` +
          `${describeDial(example.outcome, context.timeouts)}): not the firewall's window; nothing listens there${early}`,
        "the server advertised ports it does not listen on; see its log",
      );
    }
    const shifted = blocked
      .map((s) => causeOfFailedDial(s.endpoint, s.outcome, network))
      .find((cause) => cause?.kind === "port-shifted-at-gateway");
    if (shifted && network.portShift) {
      const { range, by } = network.portShift;
      return fail(
        expected,
        `${observed}; blocked: ${unique(blocked)}, the server's own numbers, which the gateway forwards as ` +
          `${range.min + by}-${range.max + by}`,
        `publish the passive range under the same numbers outside as the server's (${range.min}-${range.max}): a ` +
          `server advertises the port it listens on`,
        shifted,
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

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 70;

export const PORT_CHECKS: readonly CheckDefinition[] = [
  portsInRange,
  portsUnpredictable,
  portsExhaustion,
  portsFirewallWindow,
];
