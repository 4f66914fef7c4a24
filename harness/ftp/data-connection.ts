import type { AgentConnection } from "../agent/agent-connection.js";
import type { DialOutcome } from "../agent/agent-protocol.js";
import { formatSeconds } from "../util/deadline.js";
import type { ControlSession, Endpoint } from "./control-session.js";
import { ProtocolFailure } from "./protocol-failure.js";
import { codeClass, replyText } from "./reply-text.js";
import type { Transcript } from "./transcript.js";

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

export function describeDial(outcome: DialOutcome, timeoutMs: number): string {
  if (outcome === "connected") return "connected";
  return outcome === "timeout" ? `${DIAL_TEXT.timeout} within ${formatSeconds(timeoutMs)}` : DIAL_TEXT[outcome];
}

/**
 * Opens a data connection from the client host; a failure says why in the transcript and the error.
 * `keepBytes`: how many of its first bytes a download hands back as `head` (the agent's default
 * otherwise, DEFAULT_KEPT_BYTES).
 */
export async function connectData(
  agent: AgentConnection,
  endpoint: Endpoint,
  transcript: Transcript,
  timeoutMs: number,
  keepBytes?: number,
): Promise<string> {
  const result = await agent.request("data.connect", {
    ...endpoint,
    timeoutMs,
    ...(keepBytes === undefined ? {} : { keepBytes }),
  });
  const text = describeDial(result.outcome, timeoutMs);
  transcript.note(`data connection to ${endpoint.host}:${endpoint.port}: ${text} (${result.elapsedMs} ms)`);
  if (!result.data) {
    throw new ProtocolFailure(`data connection to ${endpoint.host}:${endpoint.port}: ${text}`, {
      endpoint,
      outcome: result.outcome,
    });
  }
  return result.data;
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
  transferMs: number,
): Promise<string> {
  const start = await session.send(command);
  if (codeClass(start) !== 1) {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command} got '${replyText(start)}', expected 125 or 150`);
  }
  const written = await agent.request("data.write", { data, ...content });
  const done = await session.read(command, transferMs);
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
  transferMs: number,
): Promise<DownloadResult> {
  const start = await session.send(command);
  if (codeClass(start) !== 1) {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command} got '${replyText(start)}', expected 125 or 150`);
  }
  const read = await agent.request("data.read", { data, timeoutMs: transferMs });
  transcript.note(
    `data: ${read.bytes} bytes, ${read.outcome}${read.sha256 ? `, sha256 ${read.sha256.slice(0, 16)}...` : ""}`,
  );
  if (read.outcome === "timeout") {
    await agent.request("data.close", { data });
    throw new ProtocolFailure(`${command}: the data connection did not finish within ${formatSeconds(transferMs)}`);
  }
  const done = await session.read(command, transferMs);
  if (codeClass(done) !== 2) throw new ProtocolFailure(`${command} ended with '${replyText(done)}', expected 226`);
  return { bytes: read.bytes, sha256: read.sha256, head: read.head };
}
