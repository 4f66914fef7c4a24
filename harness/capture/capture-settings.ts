/** How a run captures packets: where the files go and how large one host interface's capture may grow. */
export interface CaptureSettings {
  /** The report directory: the files go to its `captures/`, and reports link them relative to it. */
  reportDir: string;
  /** Each interface's capture stops once its file passes this many megabytes (10^6 bytes). */
  limitMegabytes: number;
}

/**
 * Enough for every check of one pair on one interface: a vsftpd pair in nat with every check
 * captured 3.2 MB on the gateway's busier side (its transfers are most of it).
 */
export const DEFAULT_CAPTURE_LIMIT_MEGABYTES = 16;
