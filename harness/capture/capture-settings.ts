import type { CaptureScope } from "./capture-filter.js";

/** What a host's packet capture keeps, and how large one host interface's capture may grow. */
export interface PacketCaptureSettings {
  /** Each interface's capture stops once its file passes this many megabytes (10^6 bytes). */
  limitMegabytes: number;
  /** Every packet, or the control connections whole and the data connections' small packets (the default). */
  scope: CaptureScope;
}

/** How a run captures packets: what the captures keep, and where the files go. */
export interface CaptureSettings extends PacketCaptureSettings {
  /** The report directory: the files go to its `captures/`, and reports link them relative to it. */
  reportDir: string;
}

/**
 * Ample for every check of one pair on one interface without the bulk of its transfers (vsftpd in
 * nat, every check: about 0.6 MB); with every packet kept (--captures all) that pair needs about
 * 15 MB per interface.
 */
export const DEFAULT_CAPTURE_LIMIT_MEGABYTES = 4;
