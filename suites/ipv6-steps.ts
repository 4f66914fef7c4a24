import type { CheckDefinition } from "../harness/checks/check-definition.js";
import type { ScenarioSpec } from "../harness/topology/scenario.js";
import { ipv6 } from "./active-steps.js";

/** Steps and applicability rules the IPv6 checks (and the checks that cannot run over IPv6) share. Not checks. */

/** Why a check that needs PASV (or the address in a 227) is not decided over IPv6. */
export const PASV_CANNOT_NAME_IPV6 =
  "PASV cannot name an IPv6 address (RFC 2428 section 1: PORT and PASV carry 32-bit IPv4 addresses; EPSV " +
  "replaces PASV); see ipv6.pasv";

/** Not applicable over IPv6: for checks about PASV or its 227 address. */
export const pasvNotOverIpv6 = (scenario: ScenarioSpec): string | null =>
  ipv6(scenario) ? PASV_CANNOT_NAME_IPV6 : null;

/** For checks with `pasv` and `epsv` variants: the `pasv` variant is not decided over IPv6, `epsv` is. */
export const pasvVariantNotOverIpv6: NonNullable<CheckDefinition["notApplicable"]> = (scenario, _target, variant) =>
  variant === "pasv" ? pasvNotOverIpv6(scenario) : null;

/** The IPv6 checks apply only where the control and data connections are IPv6. */
export const onlyOverIpv6 = (scenario: ScenarioSpec): string | null =>
  ipv6(scenario) ? null : "only over IPv6 (the IPv6 scenarios); over IPv4 the epsv.* and pasv.* checks decide";

/** The network protocol number of the control connection's family (RFC 2428 section 2): 1 IPv4, 2 IPv6. */
export const ownProtocol = (scenario: ScenarioSpec): 1 | 2 => (ipv6(scenario) ? 2 : 1);

/**
 * Why an intruder cannot be told from the client here, or null: both at one address (the self-tests'
 * only IPv6 loopback address, ::1), no server can refuse one and serve the other by address (an
 * inconclusive reason).
 */
export function intruderSharesClientAddress(network: { clientAddress: string; intruderAddress: string }) {
  return network.intruderAddress === network.clientAddress
    ? `the intruder and the client are both at ${network.clientAddress}, so no server can tell them apart`
    : null;
}
