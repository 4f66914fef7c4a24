import type { AccessOptions } from "basic-ftp";

/** What basic-ftp is asked to do, from the environment client.run gives it (the wrappers read the same variables). */
export interface ClientRequest {
  /** The control connection and login; with FTP_TLS=explicit, basic-ftp's `secure` trusting FTP_TLS_CA. */
  access: AccessOptions;
  /** The file to download to stdout. */
  file: string;
  /** basic-ftp's timeout for each connection and reply. */
  timeoutMs: number;
  /** How many times `file` is downloaded in the one session (FTP_DOWNLOADS, 1 without it): the series. */
  downloads: number;
}

/**
 * Without FTP_TIMEOUT_SECONDS (the harness always sets it: the profile's reply wait, suites/client-waits.ts):
 * the shell wrappers' default too.
 */
const DEFAULT_TIMEOUT_SECONDS = 2;

/**
 * Reads FTP_HOST, FTP_PORT, FTP_USER, FTP_PASSWORD, FTP_FILE, FTP_TIMEOUT_SECONDS (optional) and
 * FTP_TLS=explicit with FTP_TLS_CA (optional: explicit FTPS, PROT P, trusting that CA alone) and
 * FTP_DOWNLOADS (optional: the series); throws naming the variable that is missing or not a
 * number.
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
  const tls = env.FTP_TLS;
  if (tls !== undefined && tls !== "explicit") throw new Error(`FTP_TLS '${tls}' is not 'explicit'`);
  const secure = tls === "explicit" ? { secure: true, secureOptions: { ca: required("FTP_TLS_CA") } } : {};
  return {
    access: {
      host: required("FTP_HOST"),
      port,
      user: required("FTP_USER"),
      password: required("FTP_PASSWORD"),
      ...secure,
    },
    file: required("FTP_FILE"),
    timeoutMs: timeoutSeconds * 1000,
    downloads: downloadCount(env.FTP_DOWNLOADS),
  };
}

function downloadCount(value: string | undefined): number {
  const downloads = Number(value ?? 1);
  if (!Number.isInteger(downloads) || downloads < 1)
    throw new Error(`FTP_DOWNLOADS '${value}' is not a positive count`);
  return downloads;
}
