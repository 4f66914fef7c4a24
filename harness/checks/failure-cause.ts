import type { DialOutcome } from "../agent/agent-protocol.js";
import type { Endpoint } from "../ftp/control-session.js";
import { inSubnet } from "../ftp/classify-address.js";
import type { FailureCauseKind } from "../topology/expected-cause.js";
import { inPortRange, type NetworkFacts } from "../topology/network-facts.js";

export interface FailureCause {
  kind: FailureCauseKind;
  /** The evidence, in words: which address or port, and what the dial met. */
  detail: string;
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
    };
  }
  return undefined;
}

/** The server's own address or any address of its private network. Pure. */
export function isPrivateSide(address: string, network: NetworkFacts): boolean {
  return (
    address !== network.publicAddress &&
    (address === network.serverAddress || network.privateSubnets.some((cidr) => inSubnet(address, cidr)))
  );
}
