import type { Timeouts } from "../harness/checks/check-context.js";

/**
 * The client's waits, in whole seconds, from the profile's (docs/profiles.md, `waits`):
 * FTP_TIMEOUT_SECONDS, how long lftp, ftplib and basic-ftp wait for the server at all (lftp's
 * net:timeout and ftplib's socket timeout bound replies and data connections alike, so a server
 * that answers within its declared reply wait is never cut short): the reply wait.
 * FTP_CONNECT_TIMEOUT_SECONDS, curl's connect-timeout: the dial wait; under TLS plus the reply
 * wait, since curl counts the data connection's TLS handshake, which the servers answer only once
 * the transfer command arrives (with 2 s, curl against ProFTPD once gave up: "SSL connection timeout").
 */
export function clientWaits(timeouts: Timeouts, tls: boolean): Record<string, string> {
  const seconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));
  return {
    FTP_TIMEOUT_SECONDS: seconds(Math.max(timeouts.replyMs, timeouts.dataConnectMs)),
    FTP_CONNECT_TIMEOUT_SECONDS: seconds(timeouts.dataConnectMs + (tls ? timeouts.replyMs : 0)),
  };
}
