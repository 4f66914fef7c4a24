/** One host interface's packet capture, as a report links it. */
export interface CaptureFile {
  /** The host and side it was taken on: `agents`, `gateway-public`, `gateway-private`, ... */
  host: string;
  /** The pcap file, relative to the report directory. */
  file: string;
  /** The capture reached its size limit and stopped before the pair's checks ended. */
  cut?: boolean;
}

/** The packet captures of one target x scenario pair: what a finding links to. */
export interface PairCaptures {
  files: CaptureFile[];
  /** The TLS key log (NSS key log format) of the agents' sessions, relative to the report directory, when any TLS session was opened. */
  tlsKeyLog?: string;
}

/** Where captures go under the report directory. */
export const CAPTURES_DIRECTORY = "captures";

/** `<target>--<scenario>--<host>.pcap`: target, scenario and host names are [a-z0-9-]. */
export const captureFileName = (target: string, scenario: string, host: string) =>
  `${target}--${scenario}--${host}.pcap`;

/** `<target>--<scenario>--tls-keys.log`, beside the pair's captures. */
export const keyLogFileName = (target: string, scenario: string) => `${target}--${scenario}--tls-keys.log`;
