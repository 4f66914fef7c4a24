import type { Credentials } from "../ftp/control-session.js";

/** A server under test: how to start it, reach it, and name its settings in fix hints. */
export interface TargetSpec {
  name: string;
  /** A role under docker/ that the harness builds. */
  imageRole: string;
  controlPort: number;
  credentials: Credentials;
  passiveRange: { min: number; max: number };
  /** How long the server waits for a passive data connection before giving up, when it says. */
  acceptTimeoutSeconds?: number;
  /** Where fixture files go; the login lands there. */
  servedDirectory: string;
  /** Environment the image reads: the range always, the public address in scenarios that advertise it. */
  environment: (facts: {
    publicAddress: string | null;
    passiveRange: { min: number; max: number };
  }) => Record<string, string>;
  capabilities: string[];
  /** The server's own words for a fix: the setting that sets the advertised address, and so on. */
  settings: {
    publicAddress: (address: string) => string;
    passiveRange: (min: number, max: number) => string;
    /** The setting that makes the server refuse data connections from another address. */
    foreignDataRefused: string;
    /** The setting that makes the server refuse PORT/EPRT naming another host or a low port. */
    portRestricted: string;
    /** The setting that bounds how long a passive listener waits for its connection. */
    acceptTimeout: string;
    /** What to change when the passive range runs out. */
    rangeExhausted: string;
  };
}
