import type { PortRange } from "../network-facts.js";
import type { ScenarioSpec } from "../scenario.js";

/** How far a shifted gateway moves the passive range outside (`-p 40000-40009:30000-30009`). */
const PORT_SHIFT = 10000;

/**
 * The shift a gateway forwarding `range` under other numbers applies: up by PORT_SHIFT where the moved
 * range stays below 65536, else down by it; an error where neither fits (a range wider than the ports left). Pure.
 */
export function passiveShift(range: PortRange): number {
  if (range.max + PORT_SHIFT <= 65535) return PORT_SHIFT;
  if (range.min - PORT_SHIFT >= 1024) return -PORT_SHIFT;
  throw new Error(`the passive range ${range.min}-${range.max} cannot be moved by ${PORT_SHIFT} in either direction`);
}

/**
 * The passive ports a gateway forwards at its public address, or null where it forwards none (a
 * shifted range: the numbers outside, which lead to the server's range). Pure.
 */
export function forwardedWindow(forwarding: ScenarioSpec["forwarding"], range: PortRange): PortRange | null {
  if (forwarding === "none") return null;
  if (forwarding === "whole-range") return range;
  if (forwarding === "shifted-range") {
    const by = passiveShift(range);
    return { min: range.min + by, max: range.max + by };
  }
  const half = Math.max(range.min, range.min + Math.floor((range.max - range.min + 1) / 2) - 1);
  return { min: range.min, max: half };
}
