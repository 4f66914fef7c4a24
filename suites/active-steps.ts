import type { DataReadResult, FtpReply } from "../harness/agent/agent-protocol.js";
import { serverGiveUpWait, transferWait, type CheckContext } from "../harness/checks/check-context.js";
import type { FixtureFile } from "../harness/fixtures/fixture-files.js";
import type { ActiveCommand } from "../harness/ftp/active-arguments.js";
import {
  awaitActiveConnection,
  offerActive,
  withdrawActive,
  type ActiveArrival,
  type ActiveOffer,
} from "../harness/ftp/active-mode.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { awaitFinalReply, describeFinal, replyOrNone, type NoFinalReply } from "../harness/ftp/final-reply.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import type { Wait } from "../harness/ftp/wait.js";
import { ScenarioSpec } from "../harness/topology/scenario.js";

/** Steps the active-mode checks share. Not checks themselves. */

/** True where the client is behind NAT and nothing rewrites PORT/EPRT: the server cannot reach its address. */
export function clientUnreachableForActive(scenario: ScenarioSpec): boolean {
  return scenario.clientNat && !scenario.clientFtpHelper;
}

/** The scenario's connections are IPv6: PORT cannot name their addresses (RFC 959), EPRT |2| can (RFC 2428). */
export const ipv6 = (scenario: ScenarioSpec): boolean => scenario.family === "ipv6";

/** The command a client uses for active mode in the scenario's family. */
export const activeCommandFor = (scenario: ScenarioSpec): ActiveCommand => (ipv6(scenario) ? "EPRT" : "PORT");

/**
 * How long to wait for a server to connect to an address or give up: the connect timeout the
 * target's profile declares plus one dial wait, else the undeclared fallback (vsftpd's default
 * connect_timeout, 60 s) plus one dial wait; its label says which, for the verdict it decides.
 */
export const connectWait = (context: CheckContext): Wait =>
  serverGiveUpWait(context.target, context.timeouts, "connect");

/** connectWait's length alone. */
export const connectWaitMs = (context: CheckContext): number => connectWait(context).ms;

export const isOk = (reply: FtpReply | NoFinalReply): reply is FtpReply => "code" in reply && codeClass(reply) === 2;

/** A logged-in binary-mode session. */
export async function binaryActiveSession(context: CheckContext): Promise<ControlSession> {
  const session = await context.openLoggedIn();
  const type = await session.send("TYPE I");
  if (type.code !== 200) throw new ProtocolFailure(`TYPE I got '${replyText(type)}', expected 200`);
  return session;
}

/** One active-mode download, step by step, each step's evidence kept: nothing judged here. */
export interface ActiveRun {
  offer: ActiveOffer;
  /** Undefined when the server refused the PORT/EPRT (or did not answer it): no RETR was sent. */
  retr?: {
    /** The first reply to RETR (1xx, or a failure), or why none came within the connect wait. */
    start: FtpReply | NoFinalReply;
    arrival: ActiveArrival;
    read?: DataReadResult;
    final: FtpReply | NoFinalReply;
  };
}

/**
 * PORT or EPRT naming a listener on the client host, then RETR of `file`: waits for the server's
 * connection (bounded by the declared connect timeout), reads the data, then the final reply.
 */
export async function activeRetrieve(
  context: CheckContext,
  session: ControlSession,
  command: ActiveCommand,
  file: FixtureFile,
): Promise<ActiveRun> {
  const { client, transcript, timeouts } = context;
  const offer = await offerActive(session, client, command, transcript, ipv6(context.scenario) ? "6" : "4");
  if (!isOk(offer.reply)) {
    await withdrawActive(client, offer);
    return { offer };
  }
  const wait = connectWait(context);
  const start = await replyOrNone(session.send(`RETR ${file.name}`, wait));
  // A server replies 150 once it has connected (vsftpd), or before (then its connection is due):
  // after a 1xx or silence, wait for it; after a refusal, only look whether anything came.
  const pending = !("code" in start) || codeClass(start) === 1;
  const arrival = await awaitActiveConnection(client, offer, transcript, pending ? timeouts.dataConnectMs : 1);
  let read: DataReadResult | undefined;
  if (arrival.connected) {
    read = await client.request("data.read", { data: arrival.data, timeoutMs: timeouts.transferMs });
    transcript.note(`data: ${read.bytes} bytes, ${read.outcome}${read.sha256 ? `, sha256 ${read.sha256}` : ""}`);
    if (read.outcome === "timeout") await client.request("data.close", { data: arrival.data });
  }
  const final = await awaitFinalReply(session, start, "RETR", arrival.connected ? transferWait(timeouts) : wait);
  return { offer, retr: { start, arrival, ...(read ? { read } : {}), final } };
}

/** The run in one line: what the server said to each command, who connected, what arrived. */
export function describeActiveRun(run: ActiveRun, file: FixtureFile): string {
  const { offer, retr } = run;
  const parts = [
    `${offer.command} naming ${offer.endpoint.host}:${offer.endpoint.port}: ${describeFinal(offer.reply)}`,
  ];
  if (!retr) return parts[0] as string;
  parts.push(`RETR ${file.name}: first ${describeFinal(retr.start)}`);
  parts.push(
    retr.arrival.connected
      ? `data connection from ${retr.arrival.peer.host}:${retr.arrival.peer.port}`
      : "no data connection reached the client's listener",
  );
  if (retr.read) {
    const match = retr.read.sha256 === file.sha256 ? "matches" : "differs";
    parts.push(`${retr.read.bytes} bytes (${retr.read.outcome}), sha256 ${match}`);
  }
  parts.push(`final ${describeFinal(retr.final)}`);
  return parts.join("; ");
}

/** The file the active-mode checks download: the one that crosses 64 KiB boundaries. */
export const ACTIVE_FILE = "crosses-64k.bin";

export function activeFile(context: CheckContext): FixtureFile {
  const file = context.fixtures.find((f) => f.name === ACTIVE_FILE);
  if (!file) throw new Error(`no fixture ${ACTIVE_FILE}`);
  return file;
}
