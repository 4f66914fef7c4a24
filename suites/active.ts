import type { FtpReply } from "../harness/agent/agent-protocol.js";
import type { CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { causeOfFailedActive, type ActiveAttempt } from "../harness/checks/failure-cause.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import type { ActiveCommand } from "../harness/ftp/active-arguments.js";
import { activeCommandLine } from "../harness/ftp/active-arguments.js";
import { awaitFinalReply, describeFinal, replyOrNone, type NoFinalReply } from "../harness/ftp/final-reply.js";
import { isUnsupported, UnsupportedCommand } from "../harness/ftp/passive-mode.js";
import { codeClass } from "../harness/ftp/reply-text.js";
import { controlSourceRewritten, measuresServerAlone } from "../harness/topology/scenario.js";
import { formatSeconds } from "../harness/util/deadline.js";
import {
  activeFile,
  activeRetrieve,
  binaryActiveSession,
  activeCommandFor,
  clientUnreachableForActive,
  connectWaitMs,
  ipv6,
  describeActiveRun,
  isOk,
  type ActiveRun,
} from "./active-steps.js";

const CLIENT_UNREACHABLE =
  "the client is behind NAT without the FTP helper, so the server cannot reach the address it names " +
  "(active.through-client-nat shows that failure)";

/**
 * Where the server can reach the client: everywhere but behind a client-side NAT without the helper, and
 * where the server sees the client's control connection from its own address (no balancer or proxy rewrote it).
 */
const reachableClientOnly = (scenario: Parameters<NonNullable<CheckDefinition["notApplicable"]>>[0]) =>
  clientUnreachableForActive(scenario) ? CLIENT_UNREACHABLE : controlSourceRewritten(scenario);

/** A property of the server alone: measured once, where nothing between client and server rewrites it. */
const directOnly = (scenario: Parameters<NonNullable<CheckDefinition["notApplicable"]>>[0]) =>
  measuresServerAlone(scenario) ? null : "a property of the server alone, measured in the direct scenario";

/** EPRT answered 500 or 502: the server does not offer it, which skips the EPRT checks. */
function throwIfUnsupported(command: ActiveCommand, run: ActiveRun): void {
  const { reply } = run.offer;
  if (command === "EPRT" && "code" in reply && isUnsupported(reply)) {
    throw new UnsupportedCommand(`EPRT: ${describeFinal(reply)}`);
  }
}

function activeTransferCheck({ id, command }: { id: string; command: ActiveCommand }): CheckDefinition {
  const eprt = command === "EPRT";
  return {
    id,
    title: `A download in active mode through ${command}`,
    source: eprt
      ? "RFC 2428 section 2 (EPRT); RFC 959 section 3.2 (establishing data connections)"
      : "RFC 959 sections 3.2, 4.1.2 (PORT) and 5.2 (the server initiates the data connection)",
    requirement:
      `After ${command} naming a port the client listens on at its own address, the server accepts it ` +
      `(200), connects to that port, and a RETR arrives there with a matching SHA-256.`,
    // PORT is in RFC 959 section 5.1's minimum implementation; EPRT is optional (RFC 2428).
    level: eprt ? "SHOULD" : "MUST",
    concurrency: "shared",
    activeMode: true,
    notApplicable: (scenario) =>
      !eprt && ipv6(scenario)
        ? "PORT names IPv4 addresses only (RFC 959 section 4.1.2); active.eprt decides active mode over IPv6"
        : reachableClientOnly(scenario),
    async run(context) {
      const file = activeFile(context);
      const session = await binaryActiveSession(context);
      const run = await activeRetrieve(context, session, command, file);
      throwIfUnsupported(command, run);
      const observed = describeActiveRun(run, file);
      const expected = `${command} accepted, the server's connection to the client, ${file.size} bytes with sha256 ${file.sha256}, 226`;
      const { retr } = run;
      const delivered =
        retr?.arrival.connected && retr.read?.sha256 === file.sha256 && retr.read.outcome === "eof" && isOk(retr.final);
      if (delivered) return pass(expected, observed);
      return fail(expected, observed, activeHint(context, run));
    },
  };
}

/** What to look at when an active-mode transfer fails, from where it stopped. */
function activeHint(context: CheckContext, run: ActiveRun): string {
  if (!isOk(run.offer.reply)) {
    return `accept ${run.offer.command} naming the client's own address and a port >= 1024 (the setting that restricts it: ${context.target.settings.portRestricted})`;
  }
  if (!run.retr?.arrival.connected) {
    return "connect to the address and port PORT/EPRT name, from the server's side (a firewall on the server's outbound path drops it?)";
  }
  return "send the file intact over the data connection in binary mode (TYPE I)";
}

export const activePort = activeTransferCheck({ id: "active.port", command: "PORT" });
export const activeEprt = activeTransferCheck({ id: "active.eprt", command: "EPRT" });

/** Servers' own words for bounding an active-mode connect, from their manuals and sources. */
const CONNECT_TIMEOUT_SETTINGS = "vsftpd: connect_timeout (vsftpd.conf(5)); pyftpdlib: ActiveDTP.timeout";

/** Servers' own words for connecting from L-1, from their manuals. */
const SOURCE_PORT_SETTINGS =
  "vsftpd: connect_from_port_20=YES (vsftpd.conf(5); off by default); ProFTPD: RootRevoke off (with DefaultRoot " +
  "1.3.8 gives up root after login and connects from any port); pyftpdlib's ActiveDTP always binds an ephemeral port";

export const activeSourcePort: CheckDefinition = {
  id: "active.source-port",
  title: "Active-mode data connections come from port L-1",
  source:
    "RFC 959 sections 3.2 and 5.2 (the server-DTP's default data port L-1, port 20 for 21); vsftpd.conf(5) " +
    "connect_from_port_20",
  requirement:
    "The server opens an active-mode data connection from the port next below its control port (L-1: 20 for " +
    "a server on 21), which firewalls that admit active mode only from port 20 rely on; the evidence names the port used.",
  level: "ADVISORY",
  concurrency: "shared",
  activeMode: true,
  notApplicable: (scenario) => directOnly(scenario) ?? reachableClientOnly(scenario),
  async run(context) {
    const file = activeFile(context);
    const session = await binaryActiveSession(context);
    const run = await activeRetrieve(context, session, activeCommandFor(context.scenario), file);
    const arrival = run.retr?.arrival;
    if (!arrival?.connected) {
      return inconclusive(
        `no data connection came (${describeActiveRun(run, file)}), so its source port cannot be seen; see active.port`,
      );
    }
    const controlPort = context.target.controlPort;
    const expected = `from port ${controlPort - 1} (L-1, the control port ${controlPort} - 1)`;
    const observed = `the data connection came from ${arrival.peer.host}:${arrival.peer.port}`;
    if (arrival.peer.port === controlPort - 1) return pass(expected, observed);
    return fail(
      expected,
      `${observed}: a firewall that admits active-mode connections only from port ${controlPort - 1} drops it`,
      `connect from L-1 where firewalls expect it (${SOURCE_PORT_SETTINGS}), or have firewalls admit related connections from any port`,
    );
  },
};

/** How the client-NAT attempt ended, for the cause. */
function attemptOf(run: ActiveRun): ActiveAttempt {
  const named = run.offer.endpoint.host;
  const arrived = run.retr?.arrival.connected ?? false;
  if (!run.retr) {
    const reply = run.offer.reply;
    return { named, arrived, answer: "code" in reply ? "refused" : "silent", said: describeFinal(reply) };
  }
  const final = run.retr.final;
  if (!("code" in final)) return { named, arrived, answer: "silent", said: describeFinal(final) };
  const answer = codeClass(final) === 2 ? "completed" : "failed";
  return { named, arrived, answer, said: describeFinal(final) };
}

export const activeThroughClientNat: CheckDefinition = {
  id: "active.through-client-nat",
  title: "Active mode from behind a client's NAT fails cleanly",
  source:
    "RFC 959 section 3.2 (the server connects to the address PORT names); RFC 2577 section 3 (servers refuse " +
    "foreign addresses); Linux nf_conntrack_ftp (the helper that rewrites PORT/EPRT)",
  requirement:
    "With the client behind a masquerading gateway that does not rewrite PORT/EPRT, the address the client names " +
    "is its private one: the server refuses it or fails the transfer with a 4xx/5xx reply within its connect " +
    "timeout, never hangs. Clients there must use passive mode, or the gateway the FTP helper.",
  level: "SHOULD",
  concurrency: "shared",
  activeMode: true,
  notApplicable: (scenario) =>
    clientUnreachableForActive(scenario)
      ? null
      : "only behind a client-side NAT without the FTP helper (elsewhere active.port decides active mode)",
  async run(context) {
    const file = activeFile(context);
    const session = await binaryActiveSession(context);
    const run = await activeRetrieve(context, session, activeCommandFor(context.scenario), file);
    const observed = describeActiveRun(run, file);
    const attempt = attemptOf(run);
    const expected = `a clean 4xx/5xx within ${formatSeconds(connectWaitMs(context))}, nothing reaching the client`;
    if (attempt.answer === "completed" && run.retr?.read?.sha256 === file.sha256) {
      return pass(expected, `the transfer worked through the client's NAT after all: ${observed}`);
    }
    const cause = causeOfFailedActive(attempt, context.network);
    const hint = cause
      ? "use passive mode (PASV/EPSV) from behind a NAT, or run the FTP helper (nf_conntrack_ftp with nf_nat_ftp) on the client's gateway so it rewrites PORT/EPRT"
      : attempt.answer === "silent"
        ? `answer 425 when the address PORT names does not answer (bound the connect: ${CONNECT_TIMEOUT_SETTINGS})`
        : undefined;
    return fail(expected, observed, hint, cause);
  },
};

/** Time the agent holds the silent port beyond the check's own bound, so it outlives every wait. */
const SILENT_PORT_MARGIN_MS = 5000;

/** A 4xx or 5xx reply. */
const isRefusal = (reply: FtpReply | NoFinalReply): reply is FtpReply =>
  "code" in reply && (codeClass(reply) === 4 || codeClass(reply) === 5);

/**
 * A reply that says the data connection could not be made: 425 (RFC 959 section 4.2, "Can't open data
 * connection"), or a 421 whose text names the data connection (pyftpdlib's "421 Active data channel
 * timed out.", its session closing). Any other refusal (550 No such file, 451, 421 Too many users) says
 * nothing about the connect timeout.
 */
export const saysDataConnectionFailed = (reply: FtpReply | NoFinalReply): reply is FtpReply =>
  "code" in reply &&
  (reply.code === 425 || (reply.code === 421 && /\bdata\s+(connection|channel)\b/i.test(reply.lines.join(" "))));

export const activeConnectTimeout: CheckDefinition = {
  id: "active.connect-timeout",
  title: "An active-mode connection that meets silence gets 425, not a hang",
  source:
    "RFC 959 sections 4.2 and 5.4 (425 Can't open data connection); vsftpd.conf(5) connect_timeout; " +
    "ProFTPD TimeoutStalled; pyftpdlib ActiveDTP.timeout",
  requirement:
    "After PORT naming a port on the client's own address where connection attempts go unanswered (dropped, " +
    "as by a firewall), the server answers PORT or the transfer command with a reply that says the data " +
    "connection failed (425) within the connect timeout the target declares; the session does not hang.",
  level: "ADVISORY",
  // Its evidence is a time the server keeps: other sessions beside it would only slow the server
  // (and a verdict other than a pass beside them would be run again alone, its seconds paid twice).
  concurrency: "alone",
  activeMode: true,
  notApplicable: (scenario, target) =>
    target.connectTimeoutSeconds === undefined ? "the target declares no connect timeout" : directOnly(scenario),
  async run(context) {
    const session = await binaryActiveSession(context);
    const boundMs = connectWaitMs(context);
    // The client's own address: a server refuses PORT naming any other (data.bounce-refused).
    const silent = await context.client.request("data.silent-port", {
      holdMs: 2 * boundMs + context.timeouts.replyMs + SILENT_PORT_MARGIN_MS,
    });
    const where = `${silent.address}:${silent.port}`;
    if (!silent.silent) {
      return inconclusive(`the client could not make ${where} silent (a dial there was answered or refused)`);
    }
    context.transcript.note(`${where}: a port on the client's own address where dials go unanswered`);
    const declared = `declared connect timeout ${formatSeconds((context.target.connectTimeoutSeconds ?? 0) * 1000)}`;
    const expected = `a 425 (the data connection failed) within ${formatSeconds(boundMs)} (${declared})`;
    const hint = `bound the active-mode connect and answer 425 (${CONNECT_TIMEOUT_SETTINGS})`;
    const hangs = "the session hangs while the server waits for a connection that is never answered";
    // Some servers dial at PORT and answer it only then (pyftpdlib): PORT's own reply is bounded too.
    let started = Date.now();
    const port = await replyOrNone(session.send(activeCommandLine("PORT", silent.address, silent.port), boundMs));
    const afterPort = `PORT naming ${where}: ${describeFinal(port)} after ${formatSeconds(Date.now() - started)}`;
    // A 425 (or a 421 naming the data connection) to PORT itself: the server dialled at once and gave up
    // (pyftpdlib: 421 after its ActiveDTP.timeout).
    if (saysDataConnectionFailed(port)) return pass(expected, afterPort);
    if ("none" in port) return fail(expected, `${afterPort}: ${hangs}`, hint);
    if (codeClass(port) !== 2) {
      return inconclusive(
        `${afterPort}: the server refused PORT naming the client's own address without saying a data ` +
          `connection failed (see active.port)`,
      );
    }
    started = Date.now();
    const first = await replyOrNone(session.send(`RETR ${activeFile(context).name}`, boundMs));
    // Past a 1xx, the rest of the same bound for the final reply.
    const left = Math.max(1, boundMs - (Date.now() - started));
    const final = "none" in first ? first : await awaitFinalReply(session, first, "RETR", left);
    const observed = `${afterPort}; RETR: ${describeFinal(final)} after ${formatSeconds(Date.now() - started)}`;
    if (saysDataConnectionFailed(final)) return pass(expected, observed);
    if (isRefusal(final)) {
      return inconclusive(
        `${observed}: a refusal that does not say the data connection failed (425), so it shows ` +
          `nothing about the connect timeout`,
      );
    }
    if ("code" in final) return inconclusive(`the transfer went through although ${where} was silent: ${observed}`);
    return fail(
      expected,
      `${observed}: ${final.silent ? hangs : "the server ended the session without a reply"}`,
      hint,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 90;

export const ACTIVE_CHECKS: readonly CheckDefinition[] = [
  activePort,
  activeEprt,
  activeSourcePort,
  activeThroughClientNat,
  activeConnectTimeout,
];
