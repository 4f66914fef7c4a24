import { createHash } from "node:crypto";
import type { FixtureFile } from "../harness/fixtures/fixture-files.js";

/**
 * A real TLS client's series in one session (one invocation, one login): the file downloaded three
 * times, as users' sessions do; a server that refuses a session's later data connections (vsftpd
 * 3.0.3 once a client's TLS 1.3 tickets were used up, iterate-ch/cyberduck#18399; curl/curl#4654)
 * lets the first through and stops a later one. Downloads only: an upload whose client closes the
 * data connection with the server's TLS 1.3 tickets unread races vsftpd's read
 * (InfrastructureServices/vsftpd#7), a verdict that would change from run to run (docs/ftps.md).
 * The wrappers read FTP_DOWNLOADS (docker/client/clients, harness/agent/in-topology/client-request.ts).
 */
export const SERIES = ["RETR", "RETR", "RETR"] as const;

/** The environment that asks a wrapper for the series: the file downloaded once per transfer. */
export function seriesEnv(): Record<string, string> {
  return { FTP_DOWNLOADS: String(SERIES.length) };
}

/** What the client writes to stdout for the series: the file once per transfer, one after the other. */
export function seriesDownload(file: FixtureFile): { size: number; sha256: string } {
  const hash = SERIES.reduce((sum) => sum.update(file.content), createHash("sha256"));
  return { size: SERIES.length * file.size, sha256: hash.digest("hex") };
}

/** A transfer command as curl (-v), basic-ftp, lftp (-d) and ftplib (debug 1) log it. */
const TRANSFER_COMMAND = /^(?:> |---> |\*cmd\* ['"])(RETR|STOR)\b/;
/** A reply, in the same log formats: its code. */
const REPLY = /^(?:< |<--- |\*resp\* ['"])(\d{3})[ -]/;
/** A login, in the same log formats: each is a session. */
const LOGIN = /^(?:> |---> |\*cmd\* ['"])USER\b/;

/** How far a client's series got, from its own protocol log. */
export interface SeriesProgress {
  /** Transfers that ended with 226 (or 250, RFC 959 section 4.2) in a row from the first. */
  completed: number;
  /** How many times it logged in: more than once, the series was not one session. */
  logins: number;
}

/**
 * How far the series got, read from the client's log: the count stops at the first transfer that
 * did not end with 226 or 250 (another reply, or the next transfer or a new login before one), since
 * curl and lftp go on to the next transfer after a failed one. Pure.
 */
export function seriesProgress(log: string): SeriesProgress {
  let completed = 0;
  let logins = 0;
  let pending = false;
  let stopped = false;
  for (const line of log.split("\n").map((l) => l.trim())) {
    const login = LOGIN.test(line);
    if (login) logins += 1;
    if (stopped) continue;
    if (TRANSFER_COMMAND.test(line) || login) {
      if (pending) stopped = true;
      pending = TRANSFER_COMMAND.test(line);
      continue;
    }
    const code = REPLY.exec(line)?.[1];
    if (!pending || !code || code.startsWith("1")) continue;
    if (code === "226" || code === "250") completed += 1;
    else stopped = true;
    pending = false;
  }
  return { completed, logins };
}

/** The series' progress in words: "3 of 3 transfers (RETR, RETR, RETR) in one session" or where it stopped. Pure. */
export function describeSeries(progress: SeriesProgress, file: string): string {
  const { completed, logins } = progress;
  const sessions = logins === 1 ? "in one session" : `in ${logins} sessions (logins)`;
  if (completed >= SERIES.length)
    return `${SERIES.length} of ${SERIES.length} transfers (${SERIES.join(", ")}) ${sessions}`;
  return (
    `${completed} of ${SERIES.length} transfers done ${sessions}: stopped at transfer ${completed + 1} ` +
    `(${SERIES[completed]} ${file})`
  );
}
