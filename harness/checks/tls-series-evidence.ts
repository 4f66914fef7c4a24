/**
 * What tls.series saw, as data: the transfers of one TLS session's series, how each data connection's
 * handshake went, and where the series stopped. Carried in the check's result (CheckResult.tlsSeries).
 */

/** How one transfer of the series ended. */
export type SeriesTransferOutcome =
  /** Transferred with the SHA-256 expected, and a 2xx. */
  | "intact"
  /** Completed with 2xx, but what arrived does not match. */
  | "altered"
  /** A 4xx/5xx reply to the passive command or the transfer. */
  | "refused"
  /** The data connection (or its TLS handshake) was reset or failed. */
  | "reset"
  /** No reply, or a data connection left open, within the profile's waits. */
  | "hang"
  /** The control connection closed (the server's process for the session ended). */
  | "server-gone"
  /** The data connection could not be opened (refused, unreachable, no answer). */
  | "not-connected";

export interface SeriesTransfer {
  /** 1 for the session's first data connection. */
  number: number;
  passive: "PASV" | "EPSV";
  command: "RETR" | "STOR";
  /** Whose TLS session the data connection offered: 0 the control connection's, n the data connection of transfer n; null none. */
  offeredFrom: number | null;
  /** Whether its TLS handshake resumed the session offered; null when no handshake completed. */
  resumed: boolean | null;
  /** The TLS version the data connection's handshake negotiated, when it completed. */
  protocol?: string;
  outcome: SeriesTransferOutcome;
  /** The reply that ended it (a refusal, the 226), when one came. */
  reply?: { code: number | null; text: string };
  /** What happened, in words. */
  detail: string;
}

export interface TlsSeriesEvidence {
  /** The TLS version the control and data connections were pinned to ("TLSv1.3"). */
  version: string;
  /** "same": every data connection offers the control connection's session; "newest": the newest one issued. */
  resumption: "same" | "newest";
  /** How many transfers the series makes when nothing stops it. */
  planned: number;
  transfers: SeriesTransfer[];
  /** How many transfers arrived intact. */
  accepted: number;
  /** The number of the transfer where the series stopped, when it did. */
  stoppedAt?: number;
}
