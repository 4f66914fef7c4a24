import type { CheckContext } from "../harness/checks/check-context.js";
import type { NetworkFacts } from "../harness/topology/network-facts.js";
import { controlSourceRewritten } from "../harness/topology/scenario.js";
import { causeOfFailedActive, isPrivateSide, type FailureCause } from "../harness/checks/failure-cause.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass, type CheckOutcome } from "../harness/checks/outcome.js";
import type { ClientRunResult } from "../harness/agent/agent-protocol.js";
import { targetCa, tlsNotApplicable } from "./tls-steps.js";
import { clientWaits } from "./client-waits.js";
import { describeSeries, SERIES, seriesDownload, seriesEnv, seriesProgress } from "./client-series.js";

/** A real FTP client as users run it: its wrapper in docker/client/clients and what it does with passive mode. */
export interface RealClient {
  /** The check's ID: `client.` and the client's name as reports and the client matrix show it. */
  id: string;
  /** The wrapper's name in docker/client/clients. */
  wrapper: string;
  /** Flags added to the client's own defaults. */
  args: readonly string[];
  /** Active mode (PORT/EPRT): the server connects back to the client. Passive when absent. */
  active?: boolean;
  /**
   * Explicit FTPS (AUTH TLS, PROT P), trusting the run's CA: the wrapper reads FTP_TLS=explicit and
   * FTP_TLS_CA. Only for targets whose profile declares tls.
   */
  tls?: boolean;
  /** What the client does in passive mode, from its documentation. */
  behaviour: string;
  /** Why the client cannot be what it stands for over IPv6 (from its manual), where it cannot. */
  notOverIpv6?: string;
}

export const REAL_CLIENTS: readonly RealClient[] = [
  {
    id: "client.basic-ftp",
    wrapper: "basic-ftp",
    args: [],
    behaviour: "basic-ftp 6 (Node.js), defaults: EPSV first, then PASV",
  },
  {
    id: "client.curl",
    wrapper: "curl",
    args: [],
    behaviour: "curl, defaults: EPSV first, then PASV ignoring the 227 address (--ftp-skip-pasv-ip)",
  },
  {
    id: "client.curl-strict",
    wrapper: "curl",
    args: ["--disable-epsv", "--no-ftp-skip-pasv-ip"],
    behaviour: "curl --disable-epsv --no-ftp-skip-pasv-ip: PASV only, following the 227 address as strict clients do",
    notOverIpv6:
      "curl(1) --disable-epsv: 'If the server is an IPv6 host, this option has no effect as EPSV is necessary " +
      "then': over IPv6 this is plain curl (client.curl)",
  },
  {
    id: "client.lftp",
    wrapper: "lftp",
    args: [],
    behaviour:
      "lftp, defaults: PASV (EPSV over IPv6); ftp:fix-pasv-address replaces a private 227 address with the control address",
  },
  {
    id: "client.ftplib",
    // Not "ftplib.py": the script would shadow the module it imports.
    wrapper: "python-ftplib",
    args: [],
    behaviour: "Python ftplib, defaults: PASV (EPSV over IPv6), the 227 address ignored for the control host's",
  },
  // Active mode (basic-ftp has none): the server connects back to the address the client names.
  {
    id: "client.curl-active",
    wrapper: "curl",
    args: ["--ftp-port", "-"],
    active: true,
    behaviour: "curl --ftp-port -: active mode, EPRT then PORT naming the control connection's local address",
  },
  {
    id: "client.lftp-active",
    wrapper: "lftp",
    args: [],
    active: true,
    behaviour: "lftp, set ftp:passive-mode off: active mode, PORT naming the control connection's local address",
  },
  {
    id: "client.ftplib-active",
    wrapper: "python-ftplib",
    args: [],
    active: true,
    behaviour: "Python ftplib, set_pasv(False): active mode, PORT naming the control connection's local address",
  },
  // Explicit FTPS: whether each copes with the server's session-reuse policy (vsftpd and ProFTPD refuse a
  // data connection that does not resume the control connection's TLS session).
  {
    id: "client.basic-ftp-tls",
    wrapper: "basic-ftp",
    args: [],
    tls: true,
    behaviour: "basic-ftp 6 with secure: true (AUTH TLS, PROT P), data connections resuming the control session",
  },
  {
    id: "client.curl-tls",
    wrapper: "curl",
    args: [],
    tls: true,
    behaviour: "curl --ssl-reqd --cacert <run CA> (AUTH TLS, PROT P), its defaults otherwise",
  },
  {
    id: "client.lftp-tls",
    wrapper: "lftp",
    args: [],
    tls: true,
    behaviour: "lftp with ftp:ssl-force, ftp:ssl-protect-data and ssl:ca-file <run CA>, its defaults otherwise",
  },
  {
    id: "client.ftplib-tls",
    wrapper: "python-ftplib",
    args: [],
    tls: true,
    behaviour: "Python ftplib.FTP_TLS with prot_p() and the run's CA, its defaults otherwise",
  },
];

/** How a check's own mode is asked for, in its requirement and expected value. */
const OVER = {
  passive: "over passive mode alone (PASV/EPSV, no PORT/EPRT)",
  active: "over active mode alone (PORT/EPRT, no PASV/EPSV)",
} as const;

/** The file each client downloads: the one that crosses 64 KiB boundaries. */
const CLIENT_FILE = "crosses-64k.bin";
const LOG_LINES_SHOWN = 60;

/** The client's name: its check's ID without `client.`. */
export const clientName = (client: RealClient): string => client.id.replace(/^client\./, "");

export function realClientCheck(client: RealClient): CheckDefinition {
  const name = clientName(client);
  return {
    id: client.id,
    title: `${name} downloads a file`,
    source: client.tls
      ? "each client's manual: curl(1) --ssl-reqd, lftp(1) ftp:ssl-force, Python ftplib.FTP_TLS, basic-ftp secure; RFC 4217"
      : client.active
        ? "each client's manual: curl(1) --ftp-port, lftp(1) ftp:passive-mode, Python ftplib FTP.set_pasv; RFC 959 section 3.2"
        : "each client's manual: curl(1) --ftp-skip-pasv-ip, lftp(1) ftp:fix-pasv-address, Python ftplib docs",
    requirement: client.tls
      ? `${client.behaviour}: in one session (one invocation, one login), ${CLIENT_FILE} downloads ` +
        `${SERIES.length} times (${SERIES.join(", ")}) with matching SHA-256, ${OVER.passive}; the report says at ` +
        `which transfer a client stopped.`
      : `${client.behaviour}: a RETR of ${CLIENT_FILE} completes with a matching SHA-256, ${OVER[client.active ? "active" : "passive"]}.`,
    level: "ADVISORY",
    concurrency: "shared",
    activeMode: client.active,
    dialsDataPort: true,
    ...(client.tls
      ? {
          notApplicable: (scenario, target) =>
            tlsNotApplicable(scenario, target) ??
            (target.tls?.mode === "implicit"
              ? "the client wrappers speak explicit FTPS only"
              : scenario.ftpHelper
                ? "behind the FTP helper no data port is opened under TLS; tls.alg-blind shows it"
                : null),
        }
      : {
          notApplicable: (scenario, target) =>
            target.tls?.required
              ? "the target requires TLS (tls.required): the client.*-tls checks run these clients under TLS"
              : scenario.family === "ipv6" && client.notOverIpv6
                ? client.notOverIpv6
                : client.active
                  ? controlSourceRewritten(scenario)
                  : null,
        }),
    async run(context) {
      const file = context.fixtures.find((f) => f.name === CLIENT_FILE);
      if (!file) throw new Error(`no fixture ${CLIENT_FILE}`);
      const { host, port } = context.network.control;
      const { user, password } = context.target.credentials;
      const series = client.tls ? seriesEnv() : undefined;
      context.transcript.note(
        `run ${name}: ${series ? `${SERIES.join(", ")} (${file.name} ${SERIES.length} times)` : `RETR ${file.name}`} ` +
          `from ${host}:${port} (${client.behaviour})`,
      );
      const result = await context.client.request("client.run", {
        client: client.wrapper,
        args: [...client.args],
        env: {
          FTP_HOST: host,
          FTP_PORT: String(port),
          FTP_USER: user,
          FTP_PASSWORD: password,
          FTP_FILE: file.name,
          ...clientWaits(context.timeouts, client.tls === true),
          ...(client.active ? { FTP_DATA_MODE: "active" } : {}),
          ...(client.tls ? { FTP_TLS: "explicit", FTP_TLS_CA: targetCa(context).pem } : {}),
          ...series,
        },
        timeoutMs: context.timeouts.transferMs,
      });
      const log = result.log.split(password).join("****");
      for (const line of shownLines(log)) context.transcript.note(`${name}| ${line}`);
      // Every data-connection command, either mode: a client that fell back to the other mode shows
      // it. The client matrix shows them beside each cell (structured, not read back from the text).
      const dataCommands = commandsSent(log, DATA_COMMAND);
      const modes = describeCommands(dataCommands);
      const kind = client.active ? "active" : "passive";
      const want = series ? seriesDownload(file) : file;
      const progress = series ? seriesProgress(log) : undefined;
      const expected =
        `exit 0, ${want.size} bytes, sha256 ${want.sha256}, ${OVER[kind]}` +
        (series ? `, ${SERIES.length} transfers in one session` : "");
      const ending = describeEnding(result, context.timeouts.transferMs);
      const observed =
        `${ending}, ${result.bytes} bytes, sha256 ${result.sha256 ?? "-"}; ` +
        `${progress ? `${describeSeries(progress, file.name)}; ` : ""}data commands: ${modes}`;
      const wholeSeries = !progress || (progress.completed === SERIES.length && progress.logins === 1);
      if (result.exitCode === 0 && result.sha256 === want.sha256 && wholeSeries) {
        return { ...transferredBy(kind, dataCommands, logCut(log), expected, observed), dataCommands };
      }
      if (client.active) {
        const failed = fail(
          expected,
          `${observed}; ${lastError(log)}`,
          ACTIVE_HINT,
          activeAddressRefused(log, context.network),
        );
        return { ...failed, dataCommands };
      }
      const reuse = context.target.tls?.hints.sessionReuse;
      const failed = fail(
        expected,
        `${observed}; ${lastError(log)}`,
        client.tls && reuse
          ? `${clientHint(context, dataCommands)}; under TLS the server's session-reuse policy decides which clients can transfer: ${reuse}`
          : clientHint(context, dataCommands),
        privateAddressDialled(log, context.network) ?? (client.tls ? tlsDataRefused(log) : undefined),
      );
      return { ...failed, dataCommands };
    },
  };
}

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 130;

export const CLIENT_CHECKS: readonly CheckDefinition[] = REAL_CLIENTS.map(realClientCheck);

function describeEnding(result: ClientRunResult, timeoutMs: number): string {
  if (result.timedOut) return `killed after ${timeoutMs / 1000} s`;
  if (result.exitCode === null) return `ended by ${result.signal ?? "an error"}`;
  return `exit ${result.exitCode}`;
}

/** A passive-mode command as curl (-v), basic-ftp, lftp (-d) and ftplib (debug 1) log it. */
const PASSIVE_COMMAND = /^(?:> |---> |\*cmd\* ')(EPSV|PASV)\b/;

/** Any data-connection command, passive or active, in the same log formats (ftplib: '...' or "..."). */
const DATA_COMMAND = /^(?:> |---> |\*cmd\* ['"])(EPSV|PASV|EPRT|PORT)\b/;

const MODE_COMMANDS = { passive: ["PASV", "EPSV"], active: ["PORT", "EPRT"] } as const;

/**
 * The agent's mark where it left out the middle of a long client log (clipLog in
 * harness/agent/in-topology/run-client.ts): a command sent there is not in `dataCommands`.
 */
const LOG_CUT = /^\[\.\.\. \d+ bytes of log left out \.\.\.\]$/m;

const logCut = (log: string): boolean => LOG_CUT.test(log);

/**
 * The verdict on a transfer that completed intact, from the data commands the client's own log
 * shows: a pass only where it used this check's mode and never the other. A client that fell
 * back to the other mode transferred, but not as this check asks (lftp switches passive mode off
 * after a refused PASV and, given a retry, downloads over PORT). The commands are read from the
 * client's protocol log, which the agent keeps whole up to 32 KiB: with none of this mode's
 * commands in it, or its middle left out (where a fallback could hide), how the client
 * transferred is not known, and the check is inconclusive. Pure.
 */
export function transferredBy(
  kind: "passive" | "active",
  dataCommands: readonly string[],
  cut: boolean,
  expected: string,
  observed: string,
): CheckOutcome {
  const other = kind === "passive" ? "active" : "passive";
  const own = dataCommands.filter((c) => (MODE_COMMANDS[kind] as readonly string[]).includes(c));
  const fellBack = dataCommands.filter((c) => (MODE_COMMANDS[other] as readonly string[]).includes(c));
  if (fellBack.length > 0) {
    return fail(
      expected,
      `${observed}; the client fell back to ${other} mode (${fellBack.join(", ")}): the file came over ${other} mode, not ${kind}`,
      kind === "passive"
        ? "the server must answer PASV (and EPSV) with a 227 (229) whose port accepts the client: see the pasv.* and " +
            "epsv.* checks and the client's log for what it refused"
        : "the server must accept PORT (and EPRT) naming the client and connect back to it: see the active.* checks " +
            "and the client's log for what it refused",
    );
  }
  if (own.length === 0) {
    return inconclusive(
      `${observed}; the client's log shows no ${MODE_COMMANDS[kind].join(" or ")}, so how it ` +
        "transferred is not known (the data commands are read from the client's own protocol log)",
    );
  }
  if (cut) {
    return inconclusive(
      `${observed}; the client's log was longer than the agent keeps and its middle was left out, ` +
        `where a fall-back to ${other} mode would not be seen`,
    );
  }
  return pass(expected, observed);
}

/** The commands matching `pattern` (its first group: the verb) the client sent, in order, from its log. Pure. */
export function commandsSent(log: string, pattern: RegExp): string[] {
  return log
    .split("\n")
    .map((line) => pattern.exec(line.trim())?.[1])
    .filter((verb): verb is string => verb !== undefined);
}

const describeCommands = (sent: readonly string[]) => (sent.length > 0 ? sent.join(", ") : "none seen");

/** The passive-mode commands the client sent, in order, from its log. Pure. */
export function passiveCommands(log: string): string {
  return describeCommands(commandsSent(log, PASSIVE_COMMAND));
}

/** An active-mode command as curl (-v), lftp (-d) and ftplib (debug 1) log it, with its argument. */
// ftplib prints Python reprs: '...' or, when the text holds a quote, "...".
const ACTIVE_COMMAND = /^(?:> |---> |\*cmd\* ['"])(EPRT|PORT) ([^'"\s]+)/;

/** The active-mode commands the client sent, in order, from its log. Pure. */
export function activeCommands(log: string): string {
  return describeCommands(commandsSent(log, ACTIVE_COMMAND));
}

/** A reply line as curl (<), lftp (<---) and ftplib (*resp* ') log it: its code. */
const REPLY_LINE = /^(?:< |<--- |\*resp\* ['"])(\d{3})[ -]/;

/** The address a PORT (h1,h2,h3,h4,p1,p2) or EPRT (|1|addr|port|) argument names. Pure. */
export function addressInActiveArgument(verb: string, argument: string): string | undefined {
  if (verb === "PORT") {
    const parts = argument.split(",");
    return parts.length === 6 ? parts.slice(0, 4).join(".") : undefined;
  }
  return argument.split(argument[0] ?? "|")[2] || undefined;
}

const ACTIVE_HINT =
  "this client used active mode: the server must reach the address in its PORT/EPRT; behind a NAT without the " +
  "FTP helper it cannot (use passive mode, or the helper on the client's gateway), and firewalls must admit the " +
  "server's connection back to the client";

/**
 * The evidence, from an active-mode client's own log, that the server could not use the address the
 * client named: the last PORT/EPRT names an address that is not the client's as the server sees it,
 * and a 4xx/5xx reply follows it (to the command itself: refused; later: the transfer failed). Pure.
 */
export function activeAddressRefused(log: string, network: NetworkFacts): FailureCause | undefined {
  const lines = log.split("\n").map((l) => l.trim());
  const at = lines.findLastIndex((l) => ACTIVE_COMMAND.test(l));
  const [, verb = "", argument = ""] = ACTIVE_COMMAND.exec(lines[at] ?? "") ?? [];
  const named = addressInActiveArgument(verb, argument);
  if (!named) return undefined;
  const replies = lines.slice(at + 1).flatMap((l) => {
    const code = REPLY_LINE.exec(l)?.[1];
    return code && !code.startsWith("1") ? [l] : [];
  });
  const failed = replies.find((l) => /^(?:< |<--- |\*resp\* ['"])[45]/.test(l));
  if (!failed) return undefined;
  const answer = replies.indexOf(failed) === 0 ? "refused" : "failed";
  return causeOfFailedActive({ named, answer, said: failed.slice(0, 200), arrived: false }, network);
}

const ERROR_LINE = /error|fail|refused|unreachable|timed? ?out|denied|cannot|can't/i;

/**
 * The client's first error line after its last passive command, else its last error line: curl's
 * closing "Failed to connect to <control host> port 21" names the wrong endpoint; the line before
 * it names the data address it tried. Pure.
 */
export function lastError(log: string): string {
  const lines = log.split("\n").map((l) => l.trim());
  const lastPassive = lines.findLastIndex((l) => PASSIVE_COMMAND.test(l));
  const error =
    lines.slice(lastPassive + 1).find((l) => ERROR_LINE.test(l)) ?? lines.findLast((l) => ERROR_LINE.test(l));
  return error ? `client said: ${error.slice(0, 200)}` : "the client gave no error line";
}

const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;

/**
 * The evidence, from the client's own log, that it failed because it dialled an address on the
 * server's private side: an error line naming such an address. Pure.
 */
export function privateAddressDialled(log: string, network: NetworkFacts): FailureCause | undefined {
  for (const line of log.split("\n").map((l) => l.trim())) {
    if (!ERROR_LINE.test(line)) continue;
    const address = (line.match(IPV4) ?? []).find((a) => isPrivateSide(a, network));
    if (address) {
      return {
        kind: "advertised-address-unreachable",
        detail: `the client dialled ${address}, on the server's private side: ${line.slice(0, 200)}`,
      };
    }
  }
  return undefined;
}

/**
 * The cause a TLS client's log shows when the server answered 522 (RFC 4217 section 10: the data
 * connection's TLS negotiation failed), as vsftpd and ProFTPD answer a client that does not resume
 * the control connection's TLS session on the data connection. Undefined for anything else.
 */
export function tlsDataRefused(log: string): FailureCause | undefined {
  const line = log
    .split("\n")
    .map((l) => l.trim())
    .find((l) => REPLY_LINE.exec(l)?.[1] === "522");
  return line
    ? { kind: "tls-data-connection-refused", detail: `the server answered: ${line.slice(0, 200)}` }
    : undefined;
}

function shownLines(log: string): string[] {
  const lines = log.split("\n").filter((l) => l.trim() !== "");
  if (lines.length <= LOG_LINES_SHOWN) return lines;
  const half = LOG_LINES_SHOWN / 2;
  return [...lines.slice(0, half), `(${lines.length - LOG_LINES_SHOWN} log lines left out)`, ...lines.slice(-half)];
}

function clientHint(context: CheckContext, dataCommands: readonly string[]): string {
  const { settings, passiveRange } = context.target;
  const address = context.network.publicAddress;
  const lastMode = dataCommands.findLast((c) => c === "PASV" || c === "EPSV");
  return lastMode === "PASV"
    ? `this client used PASV: the 227 must name ${address} (${settings.publicAddress(address)}) and the ` +
        `passive range must be reachable (${settings.passiveRange(passiveRange.min, passiveRange.max)}, all forwarded)`
    : `the passive range must be reachable through every firewall ` +
        `(${settings.passiveRange(passiveRange.min, passiveRange.max)}, all forwarded); see the client's log`;
}
