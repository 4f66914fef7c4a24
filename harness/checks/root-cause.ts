import type { TranscriptEntry } from "../ftp/transcript.js";
import type { ProbeStep } from "./service-probe.js";

/**
 * One cause that broke the server for the checks after it (the passive range used up, a server
 * that stopped answering, a server that exited), found by probing the service after a failure.
 * Reports name it once, as the finding, with the checks it broke grouped under it. One more kind
 * is not the server's doing: the pair's time budget used up (step `budget`), under which the
 * checks left were skipped; reports show it as something to look at, not as a failure.
 */
export interface RootCause {
  /** Unique in a report: `target/scenario#n`. */
  id: string;
  target: string;
  scenario: string;
  /** The step of the service probe that broke, or `budget`: the pair's time budget was used up. */
  step: ProbeStep | "budget";
  /** What no longer works, in the server's own words where it said any. */
  description: string;
  /** When it was first seen: before any check (the preflight), or after which result. */
  firstSeen: string;
  /** The server stopped answering or exited: the checks after it were skipped, not run into timeouts. */
  stalled: boolean;
  /** The probe that found it. */
  transcript: TranscriptEntry[];
}
