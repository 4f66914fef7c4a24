import type { PairTiming, TimedCheckRun } from "./pair-timings.js";

/** A pair's whole wall time: build, checks, captures, teardown. */
export const pairMs = (p: PairTiming): number => p.buildMs + p.checksMs + p.capturesMs + p.teardownMs;

/** Mean milliseconds of each phase of a scenario's pairs (one per target). */
export interface ScenarioCost {
  scenario: string;
  pairs: number;
  buildMs: number;
  checksMs: number;
  capturesMs: number;
  teardownMs: number;
  totalMs: number;
}

/** Per scenario, in the order the pairs name them: what one more target costs there. Pure. */
export function scenarioCosts(pairs: readonly PairTiming[]): ScenarioCost[] {
  const names = [...new Set(pairs.map((p) => p.scenario))];
  return names.map((scenario) => {
    const own = pairs.filter((p) => p.scenario === scenario);
    const mean = (f: (p: PairTiming) => number) => own.reduce((sum, p) => sum + f(p), 0) / own.length;
    return {
      scenario,
      pairs: own.length,
      buildMs: mean((p) => p.buildMs),
      checksMs: mean((p) => p.checksMs),
      capturesMs: mean((p) => p.capturesMs),
      teardownMs: mean((p) => p.teardownMs),
      totalMs: mean(pairMs),
    };
  });
}

/** The pair that took longest (no run is shorter), or undefined without pairs. Pure. */
export function slowestPair(pairs: readonly PairTiming[]): PairTiming | undefined {
  return pairs.reduce<PairTiming | undefined>((a, b) => (a === undefined || pairMs(b) > pairMs(a) ? b : a), undefined);
}

/** A pair's checks in the order they started. Pure. */
export function checkSequence(pair: PairTiming): TimedCheckRun[] {
  return [...pair.checks].sort((a, b) => a.startMs - b.startMs);
}

/**
 * Where the pairs' wall time went, summed over pairs: waiting on the topology (an agent request
 * outstanding: the servers, gateways and real clients at work), the harness between those waits
 * during the checks, building the topologies, and collecting the captures and tearing down. Pure.
 */
export interface TimeShares {
  totalMs: number;
  waitingOnTopologyMs: number;
  harnessDuringChecksMs: number;
  buildMs: number;
  capturesAndTeardownMs: number;
}

export function timeShares(pairs: readonly PairTiming[]): TimeShares {
  const sum = (f: (p: PairTiming) => number) => pairs.reduce((total, p) => total + f(p), 0);
  return {
    totalMs: sum(pairMs),
    waitingOnTopologyMs: sum((p) => p.waitingOnTopologyMs),
    harnessDuringChecksMs: sum((p) => p.checksMs - p.waitingOnTopologyMs),
    buildMs: sum((p) => p.buildMs),
    capturesAndTeardownMs: sum((p) => p.capturesMs + p.teardownMs),
  };
}
