import type { Level } from "../levels.js";
import type { Credentials } from "../ftp/control-session.js";

/**
 * Where a target's image comes from: built from a directory (with build arguments besides the
 * BASE_IMAGE the harness passes), or an image the engine has or can pull.
 */
export type ImageSource =
  | { kind: "build"; context: string; dockerfile?: string; buildArgs?: Record<string, string> }
  | { kind: "ref"; ref: string };

/** What a scenario tells the server: the public address where it advertises one, and the passive range. */
export interface ScenarioFacts {
  publicAddress: string | null;
  /**
   * The public address as a host name, where the scenario gives the server a name instead of an
   * address (the profile's {{publicName}}; a name server inside the topology resolves it); else null.
   */
  publicName?: string | null;
  /** The family the client speaks to the server (the profile's {{addressFamily}}: ipv4 or ipv6). */
  family: "ipv4" | "ipv6";
  passiveRange: { min: number; max: number };
  /**
   * Every address the client dials the server at (the control host of the scenario): the server
   * certificate the harness issues names them all. Where a topology does not say, the public
   * address when advertised.
   */
  serverNames?: readonly string[];
}

/** A target's FTPS, as its profile declares it (`tls`). */
export interface TargetTls {
  mode: "explicit" | "implicit";
  /** The server refuses USER/PASS on a connection that is not protected. */
  required: boolean;
  /** Implicit mode: the port that speaks TLS from the first byte (the control port when not given). */
  port?: number;
  /**
   * The CA a client trusts for the server's certificate (`tls.ca`), for an image that brings its
   * own certificate: the file as the profile names it, and its PEM. Without it, the run's CA.
   */
  ca?: { file: string; pem: string };
  /** The server's own settings, for fix hints. */
  hints: { sessionReuse?: string; required?: string };
}

/** A profile's rule for checks: skip them (with why), or grade them at another level (with why). */
export interface CheckRule {
  /** A check ID or glob, as --only takes. */
  pattern: string;
  reason: string;
  /** Where the profile says it, e.g. applies.skip[0].check, for messages. */
  field: string;
}

/** A server under test: how to start it, reach it, and name its settings in fix hints. */
export interface TargetSpec {
  name: string;
  /** For a profile's variant: the profile's name (a baseline's entries for it apply to the variant too). */
  variantOf?: string;
  description?: string;
  /** The profile file it came from, for messages. */
  origin: string;
  image: ImageSource;
  controlPort: number;
  credentials: Credentials;
  passiveRange: { min: number; max: number };
  /** FTPS, when the profile declares it; the tls.* checks do not apply without it. */
  tls?: TargetTls;
  /** How long the server waits for a passive data connection before giving up, when it says. */
  acceptTimeoutSeconds?: number;
  /** How long the server tries to open an active-mode (PORT/EPRT) data connection before giving up, when it says. */
  connectTimeoutSeconds?: number;
  /**
   * How long the harness waits for one reply, one dial and one transfer (the profile's `waits`), where
   * the profile says; the rest are the documented defaults (DEFAULT_WAITS in harness/checks/check-context.ts).
   */
  waits?: { replySeconds?: number; dialSeconds?: number; transferSeconds?: number };
  /**
   * How long the checks of one scenario may take before the rest are skipped (budget.pairSeconds,
   * always set from a profile); without it there is no budget (the self-tests' fake target).
   */
  pairBudgetSeconds?: number;
  /** Where fixture files go; the login lands there. */
  servedDirectory: string;
  /** Environment the image reads: the range always, the public address in scenarios that advertise it. */
  environment: (facts: ScenarioFacts) => Record<string, string>;
  /** Replaces the image's command, or null to keep it. */
  command: (facts: ScenarioFacts) => string[] | null;
  /** Files rendered for the scenario and put in the container before it starts. */
  configFiles: (facts: ScenarioFacts) => Array<{ path: string; content: string }>;
  /** Files besides the fixtures put in the served directory. */
  servedFiles: Array<{ name: string; content: Buffer }>;
  capabilities: string[];
  /** Run under Docker's init (for servers that must not be PID 1). */
  init: boolean;
  startup: { logLine?: RegExp; timeoutMs: number };
  /**
   * The profile's configuration names {{publicName}}: the server can be told its public address as a
   * host name (scenarios that give it one skip a target that cannot take it).
   */
  takesPublicName: boolean;
  /** Scenarios the target takes part in, by name (checked against the scenarios when a run starts); null for all. */
  scenarios: readonly string[] | null;
  /** The server can serve over IPv6 (a profile's applies.ipv6); the IPv6 scenarios are skipped otherwise. */
  ipv6: boolean;
  skip: readonly CheckRule[];
  levels: ReadonlyArray<CheckRule & { level: Level }>;
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
