/**
 * The JSON-lines protocol between the harness and the in-topology agent (harness/agent/in-topology):
 * request {id, as?, op, ...args} -> response {id, ok, ...result} or {id, ok: false, error}. One
 * definition for both ends: the agent validates each request against `args`, the harness each
 * result against `result`, and the TypeScript types below are inferred from the same schemas.
 */
import * as z from "zod";
import {
  DataSessionOfferSchema,
  TlsHandshakeSchema,
  TlsVersionSchema,
  tlsServerName,
  tlsTrust,
} from "./tls-protocol.js";

export const FtpReplySchema = z.object({
  /** null when the line does not start with three digits. */
  code: z.number().int().nullable(),
  lines: z.array(z.string()),
});
export type FtpReply = z.infer<typeof FtpReplySchema>;

/** How a control read ended without a reply. */
export const ReplyFailureSchema = z.enum(["timeout", "closed", "reset", "line-too-long", "reply-too-long"]);
export type ReplyFailure = z.infer<typeof ReplyFailureSchema>;

const ReplyResultSchema = z.union([
  z.object({ reply: FtpReplySchema, failure: z.undefined().optional() }),
  z.object({ failure: ReplyFailureSchema, reply: z.undefined().optional() }),
]);
export type ReplyResult = z.infer<typeof ReplyResultSchema>;

const DialOutcomeSchema = z.enum([
  "connected",
  "refused",
  "unreachable",
  "timeout",
  "reset",
  "error",
  "outside-topology",
  "not-an-address",
  "bad-port",
]);
export type DialOutcome = z.infer<typeof DialOutcomeSchema>;

const DialResultSchema = z.object({
  outcome: DialOutcomeSchema,
  /** The socket error's code (ECONNREFUSED, ...) when there was one. */
  detail: z.string().optional(),
  elapsedMs: z.number(),
});
export type DialResult = z.infer<typeof DialResultSchema>;

/** A dial's result; when it connected, the session and the greeting (or why there was none). */
const ControlOpenResultSchema = DialResultSchema.extend({
  session: z.string().optional(),
  local: z.string().optional(),
  reply: FtpReplySchema.optional(),
  failure: ReplyFailureSchema.optional(),
});
export type ControlOpenResult = z.infer<typeof ControlOpenResultSchema>;

const DataConnectResultSchema = DialResultSchema.extend({ data: z.string().optional() });
export type DataConnectResult = z.infer<typeof DataConnectResultSchema>;

/** How many of a data connection's first bytes data.read hands back, unless data.connect asks for more. */
export const DEFAULT_KEPT_BYTES = 4096;
/**
 * The most data.connect may ask the agent to keep (`keepBytes`): 1 MiB, a directory listing of
 * about ten thousand entries, held in the agent's memory and sent back in one response line.
 */
export const MAX_KEPT_BYTES = 1024 * 1024;

const DataReadResultSchema = z.object({
  outcome: z.enum(["eof", "reset", "error", "timeout", "limit"]),
  bytes: z.number(),
  sha256: z.string().nullable(),
  /** The first bytes (DEFAULT_KEPT_BYTES, or the `keepBytes` data.connect asked for), latin1. */
  head: z.string(),
});
export type DataReadResult = z.infer<typeof DataReadResultSchema>;

/** A data.listen listener: where it listens (one of the host's own addresses) and that address's subnet. */
const DataListenResultSchema = z.object({
  listener: z.string(),
  address: z.string(),
  port: z.number().int(),
  /** The listening address's subnet as its interface declares it (CIDR); null when unknown. */
  subnet: z.string().nullable(),
});
export type DataListenResult = z.infer<typeof DataListenResultSchema>;

/** The first connection to a data.listen listener, or that none came within the wait. */
const DataAcceptResultSchema = z.object({
  outcome: z.enum(["connected", "timeout"]),
  /** A data handle for data.read, data.write and data.close. */
  data: z.string().optional(),
  peerAddress: z.string().optional(),
  peerPort: z.number().int().optional(),
  /** From listening to the connection, or the whole wait when none came. */
  elapsedMs: z.number(),
});
export type DataAcceptResult = z.infer<typeof DataAcceptResultSchema>;

/** How a real client's run ended: its exit, what it wrote to stdout (the file), and its log. */
const ClientRunResultSchema = z.object({
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  /** Killed at the run's time limit. */
  timedOut: z.boolean(),
  bytes: z.number(),
  sha256: z.string().nullable(),
  /** The client's protocol log (stderr), its middle left out when long. */
  log: z.string(),
  elapsedMs: z.number(),
});
export type ClientRunResult = z.infer<typeof ClientRunResultSchema>;

const host = z.string();
const port = z.number().int();
const timeoutMs = z.number();
const handle = z.string();
const nothing = z.object({});
/** Pins the handshake to this TLS version (absent: Node's default range, TLS 1.2 to 1.3). */
const version = TlsVersionSchema.optional();

/** The agent's operations, each with its arguments and result. */
export const AGENT_OPS = {
  /** Answers once the agent runs: its Node version and how many subnets it may dial. */
  hello: { args: nothing, result: z.object({ node: z.string(), allowed: z.number() }) },
  "tcp.probe": { args: z.object({ host, port, timeoutMs }), result: DialResultSchema },
  "ctl.open": { args: z.object({ host, port, timeoutMs }), result: ControlOpenResultSchema },
  "ctl.send": { args: z.object({ session: handle, line: z.string(), timeoutMs }), result: ReplyResultSchema },
  "ctl.read": { args: z.object({ session: handle, timeoutMs }), result: ReplyResultSchema },
  /**
   * Closes a control connection. `awaitServerMs`: first wait (at most that long) for the server to end it,
   * as it does after 221 to QUIT; `serverEnded` says whether it did.
   */
  "ctl.close": {
    args: z.object({ session: handle, awaitServerMs: timeoutMs.optional() }),
    result: z.object({ serverEnded: z.boolean().optional() }),
  },
  /** `keepBytes`: how many of the connection's first bytes data.read hands back (default DEFAULT_KEPT_BYTES). */
  "data.connect": {
    args: z.object({ host, port, timeoutMs, keepBytes: z.number().int().min(0).max(MAX_KEPT_BYTES).optional() }),
    result: DataConnectResultSchema,
  },
  "data.read": { args: z.object({ data: handle, timeoutMs }), result: DataReadResultSchema },
  /** Sends `size` bytes of patternBytes(size, seed), then closes the connection's sending side. */
  "data.write": {
    args: z.object({ data: handle, size: z.number().int().min(0), seed: z.number().int() }),
    result: z.object({ bytes: z.number(), sha256: z.string() }),
  },
  "data.close": { args: z.object({ data: handle }), result: nothing },
  /** Listens on a free port of this host (its own address: --bind, the intruder's --bind-intruder; else all). */
  "tcp.listen": { args: nothing, result: z.object({ listener: handle, port }) },
  /** Waits `timeoutMs`, closes the listener, and returns who connected to it. */
  "tcp.accepted": { args: z.object({ listener: handle, timeoutMs }), result: z.object({ peers: z.array(z.string()) }) },
  /**
   * Active mode: listens for one data connection on this host's own address inside the topology
   * (its bind address, --bind or the intruder's --bind-intruder, else its first interface address
   * the allow-list covers; `address` when it is one of those), for the PORT/EPRT the harness sends.
   */
  "data.listen": {
    args: z.object({ address: host.optional(), family: z.enum(["4", "6"]).optional() }),
    result: DataListenResultSchema,
  },
  /**
   * A port on this host's own address (chosen as data.listen chooses) where connection attempts meet
   * silence for `holdMs` (bounded): a listener that never accepts, its queue full. `silent` says a
   * dial of the agent's own went unanswered.
   */
  "data.silent-port": {
    args: z.object({ holdMs: z.number().int().min(1), family: z.enum(["4", "6"]).optional() }),
    result: z.object({ address: z.string(), port: z.number().int(), silent: z.boolean(), fillers: z.number().int() }),
  },
  /**
   * Waits up to `timeoutMs` for the first connection to a data.listen listener, then closes the listener.
   * With `tls` (PROT P), the client's TLS handshake on it (RFC 4217 section 7: the client is the TLS
   * client in either direction) starts once the harness reads or writes, offering control session
   * `resume`'s TLS session, trusting `ca`, at `version` (absent: the control connection's).
   */
  "data.accept": {
    args: z.object({
      listener: handle,
      timeoutMs,
      tls: z.object({ ca: tlsTrust, resume: handle.nullable(), version }).optional(),
    }),
    result: DataAcceptResultSchema,
  },
  /** FTPS: after the 234 to AUTH TLS, the TLS handshake on a control connection (trusting `ca`, matching `servername` when given). */
  "ctl.secure": {
    args: z.object({ session: handle, ca: tlsTrust, version, servername: tlsServerName, timeoutMs }),
    result: TlsHandshakeSchema,
  },
  /** Implicit FTPS: a control connection under TLS from the first byte, and its greeting. */
  "ctl.open-tls": {
    args: z.object({ host, port, ca: tlsTrust, version, servername: tlsServerName, timeoutMs }),
    result: ControlOpenResultSchema.extend({ tls: TlsHandshakeSchema.optional() }),
  },
  /**
   * A data connection under TLS (PROT P), resuming the TLS session of control session `resume` or none
   * (null), at `version` (absent: the control connection's, when `resume` names one). `offer` says
   * which of that session's TLS sessions: the control connection's own ("control", the default), or
   * the newest one the server issued on it or on any data connection resuming it since ("newest":
   * under TLS 1.3 the ticket the previous data connection was given). `offeredFrom` names the
   * connection (its handle) whose session was offered.
   */
  "data.connect-tls": {
    args: z.object({
      host,
      port,
      ca: tlsTrust,
      resume: handle.nullable(),
      offer: DataSessionOfferSchema.optional(),
      version,
      /** Keep the server's TLS records, for data.tls-close. */
      watchClose: z.boolean().optional(),
      timeoutMs,
      keepBytes: z.number().int().min(0).max(MAX_KEPT_BYTES).optional(),
    }),
    result: DataConnectResultSchema.extend({ offeredSession: z.boolean().optional(), offeredFrom: handle.optional() }),
  },
  /** How a data.connect-tls connection's handshake went, waiting up to `timeoutMs` for it. */
  "data.tls": { args: z.object({ data: handle, timeoutMs }), result: TlsHandshakeSchema },
  /**
   * Whether the server sent TLS close_notify before closing a data.connect-tls connection opened with
   * `watchClose`, read from its records (harness/agent/in-topology/tls-close-notify.ts).
   */
  "data.tls-close": {
    /** timeoutMs: how long the server may take to close the connection after the transfer. */
    args: z.object({ data: handle, timeoutMs }),
    result: z.object({ closeNotify: z.enum(["received", "absent", "undecided"]), detail: z.string() }),
  },
  /** Runs the wrapper of a real client (docker/client/clients/<client>.*) to completion, bounded. */
  "client.run": {
    args: z.object({
      client: z.string().regex(/^[a-z0-9-]+$/, "a client name is lowercase letters, digits and dashes"),
      args: z.array(z.string()),
      env: z.record(z.string(), z.string()),
      timeoutMs,
    }),
    result: ClientRunResultSchema,
  },
} as const;

/**
 * The hosts one agent process speaks for, each from its own address (harness/agent/in-topology/main.ts):
 * a request names its host in `as`; without it, the client.
 */
export const AgentHostSchema = z.enum(["client", "intruder"]);
export type AgentHost = z.infer<typeof AgentHostSchema>;

export type AgentOp = keyof typeof AGENT_OPS;
export type AgentOps = {
  [K in AgentOp]: { args: z.infer<(typeof AGENT_OPS)[K]["args"]>; result: z.infer<(typeof AGENT_OPS)[K]["result"]> };
};

/** A request as the agent receives it, validated: which host answers it, which operation, with its arguments. */
export type AgentRequest = {
  [K in AgentOp]: { id: number; as: AgentHost; op: K; args: AgentOps[K]["args"] };
}[AgentOp];

export function isAgentOp(op: unknown): op is AgentOp {
  return typeof op === "string" && Object.hasOwn(AGENT_OPS, op);
}

/** One line in from the harness, checked: a request, or a one-line error naming the bad field. */
export function parseRequest(line: string): { request: AgentRequest } | { id: number | null; error: string } {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return { id: null, error: "request is not JSON" };
  }
  if (typeof message !== "object" || message === null) return { id: null, error: "request is not an object" };
  const { id, as = "client", op, ...args } = message as Record<string, unknown>;
  if (typeof id !== "number") return { id: null, error: "request has no numeric id" };
  const host = AgentHostSchema.safeParse(as);
  if (!host.success) return { id, error: `unknown host '${String(as)}' (as: ${AgentHostSchema.options.join(" or ")})` };
  if (!isAgentOp(op)) return { id, error: `unknown op '${String(op)}'` };
  const parsed = AGENT_OPS[op].args.safeParse(args);
  if (!parsed.success) return { id, error: `${op}: ${describeIssue(parsed.error)}` };
  return { request: { id, as: host.data, op, args: parsed.data } as AgentRequest };
}

/** A result from the agent, checked against its operation's schema; throws naming the bad field. */
export function parseResult<K extends AgentOp>(op: K, message: unknown): AgentOps[K]["result"] {
  const parsed = AGENT_OPS[op].result.safeParse(message);
  if (!parsed.success) throw new Error(`${op} answered out of protocol: ${describeIssue(parsed.error)}`);
  return parsed.data as AgentOps[K]["result"];
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return `${issue.path.length > 0 ? issue.path.join(".") : "(request)"}: ${issue.message}`;
}
