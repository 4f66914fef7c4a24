import type { DialOutcome } from "../agent/agent-protocol.js";
import type { Endpoint } from "../ftp/endpoint.js";
import { inSubnet } from "../ftp/classify-address.js";
import type { FailureCauseKind } from "../topology/expected-cause.js";
import { inPortRange, type NetworkFacts, type PortRange } from "../topology/network-facts.js";

export interface FailureCause {
  kind: FailureCauseKind;
  /** The evidence, in words: which address or port, and what the dial met. */
  detail: string;
  /** The endpoint the server advertised, where the cause is about one. */
  endpoint?: Endpoint;
  /** How many of the server's answers showed it, out of how many looked at, where counted. */
  share?: { seen: number; of: number };
  /** The port range the cause is measured against (declared, or forwarded). */
  range?: PortRange;
  /** Where the gateway forwards `range` under other numbers: those numbers, outside. */
  forwardedAs?: PortRange;
  /** The replica a data connection reached, where it is not the one that advertised the port (1 is the first). */
  replica?: { number: number; address: string };
}

/** Dial outcomes that mean "the client cannot get there", as opposed to "the server said no". */
const NO_PATH: readonly DialOutcome[] = ["unreachable", "timeout", "outside-topology"];
/** A port the gateway does not forward is answered by the gateway itself (refused) or dropped. */
const NOT_FORWARDED: readonly DialOutcome[] = ["refused", "timeout"];

/**
 * Why a data connection to an advertised endpoint failed, when the evidence shows one of the known
 * mechanisms; undefined for anything else (nothing listening on a forwarded port, a reset, ...). Pure.
 */
export function causeOfFailedDial(
  endpoint: Endpoint,
  outcome: DialOutcome,
  network: NetworkFacts,
): FailureCause | undefined {
  if (outcome === "connected") return undefined;
  if (isPrivateSide(endpoint.host, network) && NO_PATH.includes(outcome)) {
    return {
      kind: "advertised-address-unreachable",
      detail: `${endpoint.host} is on the server's private side; the client's dial met: ${outcome}`,
      endpoint,
    };
  }
  const shift = network.portShift;
  if (
    shift &&
    endpoint.host === network.publicAddress &&
    inPortRange(endpoint.port, shift.range) &&
    NOT_FORWARDED.includes(outcome)
  ) {
    const outside = endpoint.port + shift.by;
    return {
      kind: "port-shifted-at-gateway",
      detail:
        `port ${endpoint.port} is the server's own number; the gateway forwards its range ${shift.range.min}-` +
        `${shift.range.max} as ${shift.range.min + shift.by}-${shift.range.max + shift.by} (port ${endpoint.port} ` +
        `arrives there as ${outside}), so the port the reply names is closed outside; the client's dial met: ` +
        `${outcome}. A server advertises the port it listens on and cannot name another: publish the range under ` +
        `the same numbers on both sides`,
      endpoint,
      range: shift.range,
      forwardedAs: { min: shift.range.min + shift.by, max: shift.range.max + shift.by },
    };
  }
  const window = network.forwardedPorts;
  if (
    window &&
    endpoint.host === network.publicAddress &&
    !inPortRange(endpoint.port, window) &&
    NOT_FORWARDED.includes(outcome)
  ) {
    return {
      kind: "port-outside-forwarded-window",
      detail: `port ${endpoint.port} is outside the forwarded ${window.min}-${window.max}; the client's dial met: ${outcome}`,
      endpoint,
      range: window,
    };
  }
  if (network.dataPortsClosedAtGateway && endpoint.host === network.publicAddress && NOT_FORWARDED.includes(outcome)) {
    return {
      kind: "data-ports-not-forwarded",
      detail:
        `${endpoint.host}:${endpoint.port} is the public address, but the gateway forwards only the control port ` +
        `and attaches no FTP helper (the kernel's default since Linux 4.7); the client's dial met: ${outcome}. ` +
        `Forward the server's whole passive range to it, or attach the FTP helper to the control port`,
    };
  }
  return undefined;
}

/**
 * The cause an advertised endpoint shows without a dial: an address on the server's private side,
 * which no client outside can reach (the same mechanism as a dial that found no path). Pure.
 */
export function causeOfPrivateAdvertisement(endpoint: Endpoint, network: NetworkFacts): FailureCause | undefined {
  if (!isPrivateSide(endpoint.host, network)) return undefined;
  return {
    kind: "advertised-address-unreachable",
    detail: `${endpoint.host} is on the server's private side, which a client outside cannot reach`,
    endpoint,
  };
}

/**
 * Why an advertised address is not the public one, when the evidence shows a stale resolution: the
 * server was told its public address as a host name, and the address it names is one the name
 * resolved to before it changed (it resolves to the public address now). Undefined otherwise. Pure.
 */
export function causeOfStaleAddress(endpoint: Endpoint, network: NetworkFacts): FailureCause | undefined {
  const named = network.publicName;
  const advertised = endpoint.host;
  if (!named || advertised === network.publicAddress || !named.earlierAddresses.includes(advertised)) return undefined;
  return {
    kind: "advertised-address-stale",
    detail:
      `${advertised} is what ${named.name} resolved to before it changed; it resolves to ${network.publicAddress} ` +
      `now: the server resolved the name once and keeps advertising the old address`,
    endpoint,
  };
}

/** The server's own address or any address of its private network. Pure. */
export function isPrivateSide(address: string, network: NetworkFacts): boolean {
  return (
    address !== network.publicAddress &&
    (address === network.serverAddress || network.privateSubnets.some((cidr) => inSubnet(address, cidr)))
  );
}

/** What an active-mode attempt showed: the address the client named, how the server answered, what arrived. */
export interface ActiveAttempt {
  /** The address PORT/EPRT named: the client's own, as its interface has it. */
  named: string;
  /** 4xx/5xx to PORT/EPRT ("refused"), to the transfer ("failed"), no reply in time ("silent"), or 2xx ("completed"). */
  answer: "refused" | "failed" | "silent" | "completed";
  /** The server's words, for the evidence. */
  said: string;
  /** A data connection reached the client's listener. */
  arrived: boolean;
}

/**
 * Why an active-mode transfer failed when the evidence shows a client behind NAT without the FTP
 * helper: PORT/EPRT named an address that is not the client's address as the server sees it, the
 * server refused it or gave up (an answer, not a hang), and nothing reached the client's listener.
 * Undefined otherwise (a hang, a transfer that arrived, a client named by its own address). Pure.
 */
export function causeOfFailedActive(attempt: ActiveAttempt, network: NetworkFacts): FailureCause | undefined {
  if (attempt.arrived || attempt.answer === "completed" || attempt.answer === "silent") return undefined;
  if (attempt.named === network.clientAddress) return undefined;
  const what = attempt.answer === "refused" ? "refused it" : "could not connect to it";
  return {
    kind: "active-address-behind-client-nat",
    detail:
      `PORT/EPRT named ${attempt.named}, the client's own address behind its NAT, not ${network.clientAddress} ` +
      `(the client as the server sees it); the server ${what}: ${attempt.said}; nothing reached the client's listener`,
  };
}

/** What tls.alg-blind saw behind the FTP helper: a plaintext PASV transfer, then PASV under TLS. */
export interface HelperBlindEvidence {
  /** The plaintext PASV transfer completed (the helper rewrote the 227 and opened the port). */
  plaintextWorked: boolean;
  /** The endpoint the 227 named under TLS. */
  endpoint: Endpoint;
  /** What the client's dial to it met. */
  outcome: DialOutcome;
}

/**
 * Why a passive transfer under TLS failed behind the FTP helper, when the evidence shows the
 * helper's blindness: the same transfer worked in plaintext, and under TLS the 227 named the
 * server's private side and the dial found no path. Undefined for anything else (plaintext failing
 * too, a public address that does not answer, a connection that was made). Pure.
 */
export function causeOfHelperBlindness(evidence: HelperBlindEvidence, network: NetworkFacts): FailureCause | undefined {
  const { plaintextWorked, endpoint, outcome } = evidence;
  if (!plaintextWorked || outcome === "connected") return undefined;
  if (!isPrivateSide(endpoint.host, network) || !NO_PATH.includes(outcome)) return undefined;
  return {
    kind: "helper-blind-under-tls",
    detail:
      `in plaintext the helper rewrote the 227 and the PASV transfer worked; under TLS the 227 named ` +
      `${endpoint.host}:${endpoint.port} (the server's private side) and the client's dial met: ${outcome}`,
  };
}
