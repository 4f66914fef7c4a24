import { writeFile } from "node:fs/promises";
import type { CheckTiming } from "../checks/run-checks.js";

/**
 * Names a file the run writes its timings to (RunTimings, JSON): what `npm run bench` reads for
 * the per-pair cost, the slowest pair's check sequence and the time spent waiting on the servers.
 */
export const TIMINGS_FILE_VARIABLE = "FTP_CONFORMANCE_TIMINGS";

/** One check of a pair as it ran: from `startMs` after the pair's checks began. */
export interface TimedCheckRun extends Omit<CheckTiming, "startedAt"> {
  startMs: number;
}

/** Where one target x scenario pair's wall time went, in milliseconds. */
export interface PairTiming {
  target: string;
  scenario: string;
  /** When the pair started, after the run started (images ready). */
  startMs: number;
  /** Networks, containers, agents, captures started, the server's greeting. */
  buildMs: number;
  /** The preflight, the checks and the probes. */
  checksMs: number;
  /** Of checksMs: with at least one agent request outstanding (the agents waiting on the topology: servers, gateways). */
  waitingOnTopologyMs: number;
  /** Stopping the captures, copying them out and writing them. */
  capturesMs: number;
  /** Removing the containers and networks. */
  teardownMs: number;
  checks: TimedCheckRun[];
}

/** A pair's timing before anything was measured: every phase zero, no check run. */
export function unmeasuredPair(target: string, scenario: string, startMs = 0): PairTiming {
  return {
    target,
    scenario,
    startMs,
    buildMs: 0,
    checksMs: 0,
    waitingOnTopologyMs: 0,
    capturesMs: 0,
    teardownMs: 0,
    checks: [],
  };
}

export interface RunTimings {
  /** From the first pair's start to the last pair's end. */
  pairsWallMs: number;
  pairs: PairTiming[];
}

export async function writeTimings(file: string, timings: RunTimings): Promise<void> {
  await writeFile(file, `${JSON.stringify(timings, null, 1)}\n`);
}
