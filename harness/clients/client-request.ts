import type { AccessOptions } from "basic-ftp";

/** What a client wrapper is asked to do, from the environment the agent's client.run gives it. */
export interface ClientRequest {
  /** The control connection and login (where an FTPS mode would go: basic-ftp's `secure`). */
  access: AccessOptions;
  /** The file to download to stdout. */
  file: string;
  /** basic-ftp's timeout for each connection and reply. */
  timeoutMs: number;
}

/** Without FTP_TIMEOUT_SECONDS: the checks' own data-port connect bound. */
const DEFAULT_TIMEOUT_SECONDS = 2;

/**
 * Reads FTP_HOST, FTP_PORT, FTP_USER, FTP_PASSWORD, FTP_FILE and FTP_TIMEOUT_SECONDS (optional);
 * throws naming the variable that is missing or not a number.
 */
export function clientRequest(env: Readonly<Record<string, string | undefined>>): ClientRequest {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
  };
  const port = Number(required("FTP_PORT"));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`FTP_PORT '${env.FTP_PORT}' is not a port`);
  const timeoutSeconds = Number(env.FTP_TIMEOUT_SECONDS ?? DEFAULT_TIMEOUT_SECONDS);
  if (!(timeoutSeconds > 0))
    throw new Error(`FTP_TIMEOUT_SECONDS '${env.FTP_TIMEOUT_SECONDS}' is not a positive number`);
  return {
    access: { host: required("FTP_HOST"), port, user: required("FTP_USER"), password: required("FTP_PASSWORD") },
    file: required("FTP_FILE"),
    timeoutMs: timeoutSeconds * 1000,
  };
}
