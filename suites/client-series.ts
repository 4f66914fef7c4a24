import { createHash } from "node:crypto";
import type { FixtureFile } from "../harness/fixtures/fixture-files.js";

/**
 * A real TLS client's series in one session (one invocation, one login): the file downloaded
 * twice, then an upload, as users' sessions do; a server that refuses a session's later data
 * connections (vsftpd 3.0.3 once a client's TLS 1.3 tickets were used up, iterate-ch/cyberduck#18399;
 * curl/curl#4654) lets the first through and stops a later one. The wrappers read FTP_UPLOAD and
 * FTP_UPLOAD_BYTES (docker/client/clients, harness/clients/client-request.ts).
 */
export const SERIES = ["RETR", "RETR", "STOR"] as const;

/** The upload's size: zero bytes crossing a 64 KiB boundary, as the shell wrappers make them. */
export const SERIES_UPLOAD_BYTES = 65543;

/** The environment that asks a wrapper for the series, uploading as a name of its own (checks run alone). */
export function seriesEnv(clientName: string): Record<string, string> {
  return { FTP_UPLOAD: `client-${clientName}-upload.bin`, FTP_UPLOAD_BYTES: String(SERIES_UPLOAD_BYTES) };
}

/** What the client writes to stdout for the series: the file twice. */
export function seriesDownload(file: FixtureFile): { size: number; sha256: string } {
  return {
    size: 2 * file.size,
    sha256: createHash("sha256").update(file.content).update(file.content).digest("hex"),
  };
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

/** The series' progress in words: "3 of 3 transfers (RETR, RETR, STOR) in one session" or where it stopped. Pure. */
export function describeSeries(progress: SeriesProgress, file: string): string {
  const { completed, logins } = progress;
  const sessions = logins === 1 ? "in one session" : `in ${logins} sessions (logins)`;
  if (completed >= SERIES.length)
    return `${SERIES.length} of ${SERIES.length} transfers (${SERIES.join(", ")}) ${sessions}`;
  const next = SERIES[completed] ?? "STOR";
  return (
    `${completed} of ${SERIES.length} transfers done ${sessions}: stopped at transfer ${completed + 1} ` +
    `(${next}${next === "RETR" ? ` ${file}` : ""})`
  );
}
