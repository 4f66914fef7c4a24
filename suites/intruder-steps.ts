import type { AgentConnection } from "../harness/agent/agent-connection.js";
import type { DataConnectResult, FtpReply } from "../harness/agent/agent-protocol.js";
import { awaitFinalReply, describeFinal, replyOrNone, type NoFinalReply } from "../harness/ftp/final-reply.js";
import { transferWait, type CheckContext } from "../harness/checks/check-context.js";
import { largestFixture, type FixtureFile } from "../harness/fixtures/fixture-files.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import type { FailureCause } from "../harness/checks/failure-cause.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { describeDial, dialData } from "../harness/ftp/data-connection.js";
import { enterListener, type PassiveMode } from "../harness/ftp/passive-mode.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { formatSeconds } from "../harness/util/deadline.js";
import { acceptWait } from "./passive-steps.js";

/** What the intruder's connection met: data, a close, or nothing while it was watched. */
export interface IntruderEvidence {
  bytes: number;
  /** closed (FIN), reset, or held open with nothing sent for the whole watch. */
  ending: "closed" | "reset" | "held";
  /** How long after RETR the connection ended, or how long it was watched while held. */
  afterMs: number;
  /** What the channel adds about the connection (under TLS: how the intruder's handshake went), or null. */
  channel: string | null;
}

/** What the client's own transfer met after the intruder's attempt. */
export interface ClientEvidence {
  dial: string;
  connected: boolean;
  bytes?: number;
  sha256?: string | null;
  /** The data connection did not end within the transfer limit. */
  hung?: boolean;
}

export interface IntruderRun {
  file: FixtureFile;
  endpoint: Endpoint;
  mode: PassiveMode;
  /** The reply to TYPE I: anything but 2xx and there is no binary transfer to steal (nothing is dialled). */
  type: FtpReply;
  /** The intruder's dial, in words. */
  intruderDial: string;
  /** Null when the intruder never got a connection (or was not sent). */
  intruder: IntruderEvidence | null;
  client: ClientEvidence | null;
  /** The first reply to RETR (150, or a refusal), or why there was none. */
  started: FtpReply | NoFinalReply;
  /** The last reply to RETR, or why there was none. */
  final: FtpReply | NoFinalReply;
}

/** How a run reaches the server: plain by default; under TLS (suites/tls-steps.ts) for tls.foreign-refused. */
export interface IntruderChannel {
  /** A logged-in session, ready for TYPE I. */
  openSession(context: CheckContext): Promise<ControlSession>;
  /** A data connection from `agent` (the intruder's or the client's) to the advertised endpoint. */
  connectData(
    agent: AgentConnection,
    who: "intruder" | "client",
    endpoint: Endpoint,
    session: ControlSession,
    timeoutMs: number,
  ): Promise<DataConnectResult>;
  /** What this channel adds about the intruder's connection once it was watched (e.g. its TLS handshake). */
  describeIntruder?(agent: AgentConnection, data: string, context: CheckContext): Promise<string>;
}

/**
 * The session a check logs in with: plain, or, for a TLS-only target, under PROT P, where the
 * intruder makes a fresh TLS handshake of its own (it cannot resume the client's session).
 */
const PLAIN: IntruderChannel = {
  openSession: (context) => context.openLoggedIn(),
  connectData: (agent, who, endpoint, session, timeoutMs) =>
    dialData(agent, endpoint, timeoutMs, { session, resume: who === "client" }),
};

const NOT_SENT: NoFinalReply = { none: "RETR not sent", silent: false };

/**
 * The port-stealing stimulus, observed end to end: a logged-in binary session enters passive
 * mode, the intruder dials the advertised port first, RETR is sent, and the intruder's connection
 * is watched (bytes, closed or held, and for how long). Then the client does what a real client
 * does: unless the server has already ended the transfer, it connects itself and reads, and the
 * final reply is awaited within the server's declared accept wait. The control replies are
 * evidence here, not the judge: a server may close the intruder and keep waiting for the client.
 */
export async function runIntruderAttempt(
  context: CheckContext,
  channel: IntruderChannel = PLAIN,
): Promise<IntruderRun> {
  const { client, intruder, transcript, timeouts } = context;
  const file = largestFixture();
  const session = await channel.openSession(context);
  const type = await session.send("TYPE I");
  const { endpoint, mode } = await enterListener(session, context.network.control.host);
  const none = { file, endpoint, mode, type, intruder: null, client: null, started: NOT_SENT, final: NOT_SENT };
  if (codeClass(type) !== 2) return { ...none, intruderDial: "not dialled (TYPE I refused)" };
  const dial = await channel.connectData(intruder, "intruder", endpoint, session, timeouts.dataConnectMs);
  const intruderDial = describeDial(dial.outcome, timeouts);
  transcript.note(
    `intruder ${context.network.intruderAddress} -> ${endpoint.host}:${endpoint.port} (${mode}): ${intruderDial}`,
  );
  if (!dial.data) return { ...none, intruderDial };

  const command = `RETR ${file.name}`;
  const sent = Date.now();
  const firstReply = replyOrNone(session.send(command));
  const watched = await intruder.request("data.read", { data: dial.data, timeoutMs: timeouts.dataConnectMs });
  const watchEnded = Date.now() - sent;
  const started = await firstReply;
  let final = started;
  const ending = watched.outcome === "timeout" ? "held" : watched.outcome === "reset" ? "reset" : "closed";
  transcript.note(
    `intruder: ${watched.bytes} bytes, ${ending === "held" ? "held open" : ending} after ${watchEnded} ms`,
  );
  const described = (await channel.describeIntruder?.(intruder, dial.data, context)) ?? null;

  let clientEvidence: ClientEvidence | null = null;
  const ended = "code" in started && codeClass(started) !== 1;
  if (!ended) {
    const own = await channel.connectData(client, "client", endpoint, session, timeouts.dataConnectMs);
    clientEvidence = { dial: describeDial(own.outcome, timeouts), connected: own.data !== undefined };
    transcript.note(`client data connection: ${clientEvidence.dial}`);
    if (own.data) {
      const read = await client.request("data.read", { data: own.data, timeoutMs: timeouts.transferMs });
      clientEvidence = { ...clientEvidence, bytes: read.bytes, sha256: read.sha256, hung: read.outcome === "timeout" };
      transcript.note(`client data: ${read.bytes} bytes, ${read.outcome}`);
      await client.request("data.close", { data: own.data });
    }
    // Connected: the transfer's end; not connected: the server's own verdict, within its accept wait.
    const waitMs = own.data ? transferWait(timeouts) : acceptWait(context);
    final = await awaitFinalReply(session, started, command, waitMs);
  }
  // Bytes the intruder got at any time, also after the watch.
  const later = await intruder.request("data.read", { data: dial.data, timeoutMs: 1 });
  await intruder.request("data.close", { data: dial.data });
  const evidence: IntruderEvidence = { bytes: later.bytes, ending, afterMs: watchEnded, channel: described };
  return { file, endpoint, mode, type, intruderDial, intruder: evidence, client: clientEvidence, started, final };
}

/** What the intruder got, as one phrase. */
export function describeIntruder(run: IntruderRun): string {
  const seen = run.intruder;
  if (!seen) return `the intruder's dial: ${run.intruderDial}`;
  const how =
    seen.ending === "held"
      ? `held open for the ${formatSeconds(seen.afterMs)} watched`
      : `${seen.ending} after ${seen.afterMs} ms`;
  return `the intruder connected, was ${how}${seen.channel ? ` (${seen.channel})` : ""}, and received ${seen.bytes} bytes`;
}

/**
 * The replies to a transfer command that say the server refused its data connection (RFC 959 section
 * 4.2: 425 can't open, 426 closed, transfer aborted), as vsftpd's "425 Security: Bad IP connecting." and
 * pyftpdlib's "425 Rejected data connection from foreign address" do. Under TLS (RFC 4217) a refused
 * data channel may also get 522 (vsftpd's require_ssl_reuse).
 */
export const DATA_REFUSALS: readonly number[] = [425, 426];

/**
 * What a run shows about the server and a foreign data connection:
 * - served: the intruder received data;
 * - shut-out: the intruder's connection was established (the server's listener, or the kernel on its
 *   behalf, accepted it) and got nothing, while the transfer really ran (the client got the file
 *   intact) or the server closed the intruder's connection and answered that it refused it;
 * - inconclusive: nothing shows what the server did (the reason why).
 */
export type IntruderFinding =
  | { kind: "served"; observed: string }
  | { kind: "shut-out"; observed: string }
  | { kind: "inconclusive"; reason: string };

/**
 * Judges a run. An intruder whose dial failed while the client's connects was stopped by the network
 * (a gateway, a host firewall): a server in userland cannot refuse a TCP connection by its source before
 * accepting it, so that is never the server's refusal. The client's dial is a plain TCP probe.
 */
export async function judgeIntruderRun(
  context: CheckContext,
  run: IntruderRun,
  refusals: readonly number[] = DATA_REFUSALS,
): Promise<IntruderFinding> {
  const untested = notAttempted(run);
  if (untested) return { kind: "inconclusive", reason: untested };
  if (!run.intruder) return { kind: "inconclusive", reason: await intruderNeverConnected(context, run) };
  return judgeConnectedIntruder(run, run.intruder, refusals);
}

/** Why the run had no transfer to steal (TYPE I refused), or null: an inconclusive reason. */
export function notAttempted(run: IntruderRun): string | null {
  if (codeClass(run.type) === 2) return null;
  return (
    `TYPE I got '${replyText(run.type)}': the server would not start a binary transfer, so there was ` +
    `no transfer for the intruder to take (the intruder did not dial)`
  );
}

/**
 * The intruder never got a connection: the network's doing or nothing listening, never the server's
 * refusal. A plain TCP dial from the client tells which: an inconclusive reason.
 */
export async function intruderNeverConnected(context: CheckContext, run: IntruderRun): Promise<string> {
  const { endpoint } = run;
  const probe = await context.client.request("tcp.probe", { ...endpoint, timeoutMs: context.timeouts.dataConnectMs });
  const own = describeDial(probe.outcome, context.timeouts);
  context.transcript.note(`client probe (plain TCP) of ${endpoint.host}:${endpoint.port}: ${own}`);
  const where = `${endpoint.host}:${endpoint.port} (${run.mode})`;
  if (probe.outcome !== "connected") {
    return (
      `the advertised ${where} accepted neither the intruder (${run.intruderDial}) nor the client ` +
      `(${own}): nothing listened, so there was nothing to refuse`
    );
  }
  return (
    `the intruder's dial to the advertised ${where}: ${run.intruderDial}, while the client's plain ` +
    `TCP dial connected: a server cannot refuse a TCP connection by its source before accepting it, so something ` +
    `on the way (a gateway or a host firewall) stopped the intruder, not the server; RETR was not sent`
  );
}

/** The cause a served intruder shows, for the report's diagnoses (pure). */
export function servedIntruderCause(run: IntruderRun): FailureCause {
  const { endpoint } = run;
  return {
    kind: "foreign-data-accepted",
    detail:
      `the intruder connected to ${endpoint.host}:${endpoint.port} (${run.mode}) and received ` +
      `${run.intruder?.bytes ?? 0} bytes of ${run.file.name}`,
    endpoint,
  };
}

/** Judges a run whose intruder got a connection (pure). */
export function judgeConnectedIntruder(
  run: IntruderRun,
  intruder: IntruderEvidence,
  refusals: readonly number[],
): IntruderFinding {
  const { client, file, final, started } = run;
  const afterwards = client?.connected
    ? `; the client then connected and got ${client.bytes ?? 0} bytes (sha256 ${client.sha256 === file.sha256 ? "matches" : "differs"})`
    : client
      ? `; the client's own dial then: ${client.dial}`
      : "";
  const observed = `${describeIntruder(run)}; RETR ${file.name} ended with ${describeFinal(final)}${afterwards}`;
  if (intruder.bytes > 0) return { kind: "served", observed };
  if ("code" in final && final.code !== null && refusals.includes(final.code)) {
    if (intruder.ending !== "held") {
      return { kind: "shut-out", observed: `${observed}: the server closed the intruder's connection and refused it` };
    }
    return {
      kind: "inconclusive",
      reason:
        `${observed}: the server refused the transfer but left the intruder's connection open and ` +
        `silent, so nothing shows that it looked at the intruder (or accepted its connection at all)`,
    };
  }
  if ("code" in final && codeClass(final) === 2 && client?.connected && client.sha256 === file.sha256) {
    return { kind: "shut-out", observed };
  }
  if ("code" in started && codeClass(started) !== 1) {
    return {
      kind: "inconclusive",
      reason:
        `RETR ${file.name} got ${describeFinal(started)} before any transfer began, a refusal ` +
        `unrelated to the data connection: there was no transfer for the intruder to take`,
    };
  }
  return {
    kind: "inconclusive",
    reason:
      `${observed}: the intruder got nothing, but the client did not get ${file.name} intact either ` +
      `and the server did not answer that it refused a data connection: nothing shows that the server kept the ` +
      `transfer from the intruder rather than sent nothing at all`,
  };
}
