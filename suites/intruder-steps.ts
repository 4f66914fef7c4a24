import type { AgentConnection } from "../harness/agent/agent-connection.js";
import type { DataConnectResult, FtpReply } from "../harness/agent/agent-protocol.js";
import { awaitFinalReply, replyOrNone, type NoFinalReply } from "../harness/ftp/final-reply.js";
import type { CheckContext } from "../harness/checks/check-context.js";
import { largestFixture, type FixtureFile } from "../harness/fixtures/fixture-files.js";
import type { ControlSession, Endpoint } from "../harness/ftp/control-session.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { enterListener, type PassiveMode } from "../harness/ftp/passive-mode.js";
import { codeClass } from "../harness/ftp/reply-text.js";
import { formatSeconds } from "../harness/util/deadline.js";
import { acceptWaitMs } from "./passive-steps.js";

/** What the intruder's connection met: data, a close, or nothing while it was watched. */
export interface IntruderEvidence {
  bytes: number;
  /** closed (FIN), reset, or held open with nothing sent for the whole watch. */
  ending: "closed" | "reset" | "held";
  /** How long after RETR the connection ended, or how long it was watched while held. */
  afterMs: number;
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
  /** The intruder's dial, in words. */
  intruderDial: string;
  /** Null when the intruder never got a connection. */
  intruder: IntruderEvidence | null;
  client: ClientEvidence | null;
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
}

const PLAIN: IntruderChannel = {
  openSession: (context) => context.openLoggedIn(),
  connectData: (agent, _who, endpoint, _session, timeoutMs) =>
    agent.request("data.connect", { ...endpoint, timeoutMs }),
};

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
  await session.send("TYPE I");
  const { endpoint, mode } = await enterListener(session, context.network.control.host);
  const dial = await channel.connectData(intruder, "intruder", endpoint, session, timeouts.dataConnectMs);
  const intruderDial = describeDial(dial.outcome, timeouts.dataConnectMs);
  transcript.note(
    `intruder ${context.network.intruderAddress} -> ${endpoint.host}:${endpoint.port} (${mode}): ${intruderDial}`,
  );
  const base = { file, endpoint, mode, intruderDial };
  if (!dial.data) return { ...base, intruder: null, client: null, final: { none: "RETR not sent", silent: false } };

  const command = `RETR ${file.name}`;
  const sent = Date.now();
  const firstReply = replyOrNone(session.send(command));
  const watched = await intruder.request("data.read", { data: dial.data, timeoutMs: timeouts.dataConnectMs });
  const watchEnded = Date.now() - sent;
  let first = await firstReply;
  const ending = watched.outcome === "timeout" ? "held" : watched.outcome === "reset" ? "reset" : "closed";
  transcript.note(
    `intruder: ${watched.bytes} bytes, ${ending === "held" ? "held open" : ending} after ${watchEnded} ms`,
  );

  let clientEvidence: ClientEvidence | null = null;
  const ended = "code" in first && codeClass(first) !== 1;
  if (!ended) {
    const own = await channel.connectData(client, "client", endpoint, session, timeouts.dataConnectMs);
    clientEvidence = { dial: describeDial(own.outcome, timeouts.dataConnectMs), connected: own.data !== undefined };
    transcript.note(`client data connection: ${clientEvidence.dial}`);
    if (own.data) {
      const read = await client.request("data.read", { data: own.data, timeoutMs: timeouts.transferMs });
      clientEvidence = { ...clientEvidence, bytes: read.bytes, sha256: read.sha256, hung: read.outcome === "timeout" };
      transcript.note(`client data: ${read.bytes} bytes, ${read.outcome}`);
      await client.request("data.close", { data: own.data });
    }
    // Connected: the transfer's end; not connected: the server's own verdict, within its accept wait.
    const waitMs = own.data ? timeouts.transferMs : acceptWaitMs(context);
    first = await awaitFinalReply(session, first, command, waitMs);
  }
  // Bytes the intruder got at any time, also after the watch.
  const later = await intruder.request("data.read", { data: dial.data, timeoutMs: 1 });
  await intruder.request("data.close", { data: dial.data });
  const evidence: IntruderEvidence = { bytes: later.bytes, ending, afterMs: watchEnded };
  return { ...base, intruder: evidence, client: clientEvidence, final: first };
}

/** What the intruder got, as one phrase. */
export function describeIntruder(run: IntruderRun): string {
  const seen = run.intruder;
  if (!seen) return `the intruder's dial: ${run.intruderDial}`;
  const how =
    seen.ending === "held"
      ? `held open for the ${formatSeconds(seen.afterMs)} watched`
      : `${seen.ending} after ${seen.afterMs} ms`;
  return `the intruder connected, was ${how}, and received ${seen.bytes} bytes`;
}
