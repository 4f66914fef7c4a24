import type { TargetSpec } from "../targets/target-spec.js";

/** The ports a control connection to the target may use: its control port, and its implicit FTPS port. */
export const controlPorts = (target: Pick<TargetSpec, "controlPort" | "tls">): number[] => [
  target.controlPort,
  ...(target.tls?.port && target.tls.port !== target.controlPort ? [target.tls.port] : []),
];
