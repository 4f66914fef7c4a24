import { controlPorts } from "../../capture/control-ports.js";
import type { TargetSpec } from "../../targets/target-spec.js";
import type { PortRange } from "../network-facts.js";

/**
 * The ports a gateway forwards for control connections, one range each: the control port, and the
 * implicit FTPS port where the profile names another (tls.port), which clients dial at the public
 * side like the control port.
 */
export const controlPortRanges = (target: Pick<TargetSpec, "controlPort" | "tls">): PortRange[] =>
  controlPorts(target).map((port) => ({ min: port, max: port }));
