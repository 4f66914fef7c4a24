import type { CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { causeOfFailedActive, type ActiveAttempt } from "../harness/checks/failure-cause.js";
import { fail, pass, skip } from "../harness/checks/outcome.js";
import type { ActiveCommand } from "../harness/ftp/active-arguments.js";
import { activeCommandLine } from "../harness/ftp/active-arguments.js";
import { unusedAddress } from "../harness/ftp/active-silent-address.js";
import { awaitFinalReply, describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { isUnsupported, UnsupportedCommand } from "../harness/ftp/passive-mode.js";
import { codeClass } from "../harness/ftp/reply-text.js";
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

/** Where the server can reach the client: everywhere but behind a client-side NAT without the helper. */
const reachableClientOnly = (scenario: Parameters<NonNullable<CheckDefinition["notApplicable"]>>[0]) =>
  clientUnreachableForActive(scenario) ? CLIENT_UNREACHABLE : null;

/** A property of the server alone: measured once, where nothing between client and server rewrites it. */
const directOnly = (scenario: Parameters<NonNullable<CheckDefinition["notApplicable"]>>[0]) =>
  scenario.name === "direct" ? null : "a property of the server alone, measured in the direct scenario";

/** EPRT answered 500 or 502: the server does not offer it, which skips the EPRT checks. */
function throwIfUnsupported(command: ActiveCommand, run: ActiveRun): void {
  const { reply } = run.offer;
  if (command === "EPRT" && "code" in reply && isUnsupported(reply)) {
    throw new UnsupportedCommand(`EPRT: ${describeFinal(reply)}`);
  }
}

function activeTransferCheck(command: ActiveCommand): CheckDefinition {
  const eprt = command === "EPRT";
  return {
    id: `active.${command.toLowerCase()}`,
    title: `A download in active mode through ${command}`,
    source: eprt
      ? "RFC 2428 section 2 (EPRT); RFC 959 section 3.2 (establishing data connections)"
      : "RFC 959 sections 3.2, 4.1.2 (PORT) and 5.2 (the server initiates the data connection)",
    requirement:
      `After ${command} naming a port the client listens on at its own address, the server accepts it ` +
      `(200), connects to that port, and a RETR arrives there with a matching SHA-256.`,
    // PORT is in RFC 959 section 5.1's minimum implementation; EPRT is optional (RFC 2428).
    level: eprt ? "SHOULD" : "MUST",
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

export const activePort = activeTransferCheck("PORT");
export const activeEprt = activeTransferCheck("EPRT");

/** Servers' own words for bounding an active-mode connect, from their manuals and sources. */
const CONNECT_TIMEOUT_SETTINGS = "vsftpd: connect_timeout (vsftpd.conf(5)); pyftpdlib: ActiveDTP.timeout";

/** Servers' own words for connecting from L-1, from their manuals. */
const SOURCE_PORT_SETTINGS =
  "vsftpd: connect_from_port_20=YES (vsftpd.conf(5); off by default); ProFTPD connects from L-1 while it " +
  "may still take root privileges (RootRevoke off); pyftpdlib's ActiveDTP always binds an ephemeral port";

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
  notApplicable: (scenario) => directOnly(scenario) ?? reachableClientOnly(scenario),
  async run(context) {
    const file = activeFile(context);
    const session = await binaryActiveSession(context);
    const run = await activeRetrieve(context, session, activeCommandFor(context.scenario), file);
    const arrival = run.retr?.arrival;
    if (!arrival?.connected) {
      return skip(
        `inconclusive: no data connection came (${describeActiveRun(run, file)}), so its source port cannot be seen; see active.port`,
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

export const activeConnectTimeout: CheckDefinition = {
  id: "active.connect-timeout",
  title: "A PORT to an address where nothing answers gets 425, not a hang",
  source: "RFC 959 sections 4.2 and 5.4 (425 Can't open data connection); vsftpd.conf(5) connect_timeout",
  requirement:
    "After PORT naming an address of the client's subnet that no host holds, a transfer command gets a 4xx/5xx " +
    "reply within the connect timeout the target declares; the session does not hang.",
  level: "ADVISORY",
  notApplicable: (scenario, target) =>
    target.connectTimeoutSeconds === undefined ? "the target declares no connect timeout" : directOnly(scenario),
  async run(context) {
    const session = await binaryActiveSession(context);
    const listening = await context.client.request("data.listen", {});
    await context.client.request("data.accept", { listener: listening.listener, timeoutMs: 1 });
    const { network } = context;
    const taken = [listening.address, network.clientAddress, network.intruderAddress, network.publicAddress];
    const silent = listening.subnet ? unusedAddress(listening.subnet, [...taken, network.serverAddress]) : null;
    if (!silent) {
      return skip(`inconclusive: the client's subnet (${listening.subnet ?? "unknown"}) has no address free of hosts`);
    }
    context.transcript.note(`${silent}: an address of the client's subnet ${listening.subnet} that no host holds`);
    const port = await session.send(activeCommandLine("PORT", silent, listening.port));
    if (codeClass(port) !== 2) {
      return skip(
        `inconclusive: the server refused PORT naming ${silent} (${describeFinal(port)}): it refuses addresses ` +
          "other than the client's (see data.bounce-refused), so no dial was made whose timeout could be seen",
      );
    }
    const boundMs = connectWaitMs(context);
    const started = Date.now();
    const first = await replyOrNone(session.send(`RETR ${activeFile(context).name}`, boundMs));
    // Past a 1xx, the rest of the same bound for the final reply.
    const final =
      "none" in first
        ? first
        : await awaitFinalReply(session, first, "RETR", Math.max(1, boundMs - (Date.now() - started)));
    const elapsed = Date.now() - started;
    const declared = `declared connect timeout ${formatSeconds((context.target.connectTimeoutSeconds ?? 0) * 1000)}`;
    const expected = `a 4xx/5xx within ${formatSeconds(boundMs)} (${declared})`;
    const observed = `PORT naming ${silent}:${listening.port}; RETR: ${describeFinal(final)} after ${formatSeconds(elapsed)}`;
    if ("code" in final && (codeClass(final) === 4 || codeClass(final) === 5)) return pass(expected, observed);
    if ("code" in final) return skip(`inconclusive: something answered at ${silent}: ${observed}`);
    return fail(
      expected,
      `${observed}: the session hangs while the server waits for an address that never answers`,
      `bound the active-mode connect and answer 425 (${CONNECT_TIMEOUT_SETTINGS})`,
    );
  },
};

export const ACTIVE_CHECKS: readonly CheckDefinition[] = [
  activePort,
  activeEprt,
  activeSourcePort,
  activeThroughClientNat,
  activeConnectTimeout,
];
