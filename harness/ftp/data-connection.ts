import type { AgentConnection } from "../agent/agent-connection.js";
import type { DataConnectResult, DialOutcome } from "../agent/agent-protocol.js";
import type { ControlSession } from "./control-session.js";
import type { Endpoint } from "./endpoint.js";
import { ProtocolFailure } from "./protocol-failure.js";
import { codeClass, replyText } from "./reply-text.js";
import type { Transcript } from "./transcript.js";
import { describeWait, waitMs, type WaitLike } from "./wait.js";

const DIAL_TEXT: Record<Exclude<DialOutcome, "connected">, string> = {
  refused: "connection refused",
  unreachable: "no route from the client host (network unreachable)",
  timeout: "no answer (filtered or nothing listening)",
  reset: "connection reset",
  error: "connection error",
  "outside-topology": "the address is outside the test topology, so the harness did not dial it",
  "not-an-address": "not an IPv4 address",
  "bad-port": "not a valid port",
};

/** A check's limits, as far as a dial goes (harness/checks/check-context.ts Timeouts). */
interface DialLimits {
  dataConnectMs: number;
  labels?: { dial: string };
}

/**
 * A dial's outcome as a phrase; a timeout names the wait and, given a Wait or the check's limits,
 * where its length came from.
 */
export function describeDial(outcome: DialOutcome, timeout: WaitLike | DialLimits): string {
  if (outcome === "connected") return "connected";
  const wait: WaitLike =
    typeof timeout === "number" || "ms" in timeout
      ? timeout
      : { ms: timeout.dataConnectMs, label: timeout.labels?.dial ?? "" };
  return outcome === "timeout" ? `${DIAL_TEXT.timeout} within ${describeWait(wait)}` : DIAL_TEXT[outcome];
}

/**
 * Opens a data connection from the client host; a failure says why in the transcript and the error.
 * `keepBytes`: how many of its first bytes a download hands back as `head` (the agent's default
 * otherwise, DEFAULT_KEPT_BYTES). `session`: the control connection it serves; under PROT P
 * (ControlSession.dataProtection) the connection goes under TLS, offering that connection's TLS
 * session, its handshake starting with the transfer.
 */
export async function connectData(
  agent: AgentConnection,
  endpoint: Endpoint,
  transcript: Transcript,
  timeout: WaitLike,
  options: { keepBytes?: number; session?: ControlSession } = {},
): Promise<string> {
  const result = await dialData(agent, endpoint, waitMs(timeout), options);
  const text = describeDial(result.outcome, timeout);
  const underTls = options.session?.dataProtection ? " under TLS" : "";
  transcript.note(`data connection${underTls} to ${endpoint.host}:${endpoint.port}: ${text} (${result.elapsedMs} ms)`);
  if (!result.data) {
    throw new ProtocolFailure(`data connection to ${endpoint.host}:${endpoint.port}: ${text}`, {
      endpoint,
      outcome: result.outcome,
    });
  }
  return result.data;
}

/**
 * The agent's dial of a data connection, judged by nobody: plain, or under TLS when `session`
 * protects its data (offering its TLS session when `resume`, as clients do; the default).
 */
export function dialData(
  agent: AgentConnection,
  endpoint: Endpoint,
  timeoutMs: number,
  options: { keepBytes?: number; session?: ControlSession; resume?: boolean } = {},
): Promise<DataConnectResult> {
  const keep = options.keepBytes === undefined ? {} : { keepBytes: options.keepBytes };
  const ca = options.session?.dataProtection;
  if (!ca || !options.session) return agent.request("data.connect", { ...endpoint, timeoutMs, ...keep });
  const resume = options.resume === false ? null : options.session.handle;
  return agent.request("data.connect-tls", { ...endpoint, ca: ca.pem, resume, timeoutMs, ...keep });
}

/**
 * Sends STOR over an open passive data connection, writes `size` pattern bytes from the agent and
 * closes the stream, then expects 2xx. Returns the digest of what was sent.
 */
export async function upload(
  session: ControlSession,
  agent: AgentConnection,
  data: string,
  command: string,
  content: { size: number; seed: number },
  transfer: WaitLike,
): Promise<string> {
  const start = await session.send(command);
  if (codeClass(start) !== 1) {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command} got '${replyText(start)}', expected 125 or 150`);
  }
  const written = await agent.request("data.write", { data, ...content });
  const done = await session.read(command, transfer);
  if (codeClass(done) !== 2) throw new ProtocolFailure(`${command} ended with '${replyText(done)}', expected 226`);
  return written.sha256;
}

export interface DownloadResult {
  bytes: number;
  sha256: string | null;
  /** The first bytes (as many as connectData's `keepBytes` asked for), latin1. */
  head: string;
}

/**
 * Sends a command that returns data (LIST, RETR) over an open passive data connection: expects
 * 1xx, reads to end of stream, then expects 2xx. Anything else fails with the server's words.
 */
export async function download(
  session: ControlSession,
  agent: AgentConnection,
  data: string,
  command: string,
  transcript: Transcript,
  transfer: WaitLike,
): Promise<DownloadResult> {
  const start = await session.send(command);
  if (codeClass(start) !== 1) {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command} got '${replyText(start)}', expected 125 or 150`);
  }
  const read = await agent.request("data.read", { data, timeoutMs: waitMs(transfer) });
  transcript.note(
    `data: ${read.bytes} bytes, ${read.outcome}${read.sha256 ? `, sha256 ${read.sha256.slice(0, 16)}...` : ""}`,
  );
  if (read.outcome === "timeout") {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command}: the data connection did not finish within ${describeWait(transfer)}`);
  }
  const done = await session.read(command, transfer);
  if (codeClass(done) !== 2) throw new ProtocolFailure(`${command} ended with '${replyText(done)}', expected 226`);
  return { bytes: read.bytes, sha256: read.sha256, head: read.head };
}
