import type { PortRange } from "../network-facts.js";
import type { ScenarioSpec } from "../scenario.js";

/** The passive ports a gateway forwards to the server, or null where it forwards none. Pure. */
export function forwardedWindow(forwarding: ScenarioSpec["forwarding"], range: PortRange): PortRange | null {
  if (forwarding === "none") return null;
  if (forwarding === "whole-range") return range;
  const half = Math.max(range.min, range.min + Math.floor((range.max - range.min + 1) / 2) - 1);
  return { min: range.min, max: half };
}
