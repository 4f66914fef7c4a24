import type { PairCaptures } from "./pair-captures.js";

/** One interface of a captured host: the side of the host it shows. */
export interface CapturedInterface {
  /** The host's role, e.g. `agents`, `gateway`. */
  role: string;
  /** The capture's name: the role, or `<role>-<network role>` for a host on several networks. */
  host: string;
  /** The host's hardware address on that interface: frames it forwards leave from it. */
  mac: string;
  /** The capture's bytes. */
  pcap: Buffer;
  cut: boolean;
}

/** A pair's packet captures as copied out of its hosts, before anything is written. */
export interface CapturedPackets {
  interfaces: CapturedInterface[];
  /** The agents' TLS key log, when any TLS session wrote one. */
  tlsKeyLog?: Buffer;
}

/** What a pair's captures left behind: the files a report links, and the captures themselves for reading. */
export interface CollectedCaptures {
  files: PairCaptures;
  interfaces: CapturedInterface[];
}
