import { formatSeconds } from "../util/deadline.js";

/**
 * One bounded wait, and where its length came from: a verdict that a wait decided ("no reply
 * within ...") names both, so a reader can tell the server's slowness from the harness's patience.
 */
export interface Wait {
  ms: number;
  /**
   * What the wait is and where its length came from: "reply wait, profile waits.replySeconds"; empty
   * where nobody said (the self-tests' bare limits).
   */
  label: string;
}

/** A wait as a bare number (no provenance known) or with its label. */
export type WaitLike = number | Wait;

export const waitMs = (wait: WaitLike): number => (typeof wait === "number" ? wait : wait.ms);

/** "30 s (reply wait, profile waits.replySeconds)"; a bare number (or an empty label): "30 s". */
export const describeWait = (wait: WaitLike): string =>
  typeof wait === "number" || wait.label === ""
    ? formatSeconds(waitMs(wait))
    : `${formatSeconds(wait.ms)} (${wait.label})`;

/** A wait whose length a profile field declares. */
export const declaredWait = (name: string, ms: number, field: string): Wait => ({
  ms,
  label: `${name}, profile ${field}`,
});

/** A wait the harness chose because the profile declares none: says so, and which field would. */
export const defaultWait = (
  name: string,
  ms: number,
  field: string,
  what = `the default ${formatSeconds(ms)}`,
): Wait => ({
  ms,
  label: `${name}: ${what}; the profile declares no ${field}`,
});
