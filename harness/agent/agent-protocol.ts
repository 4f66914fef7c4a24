/** Types of the JSON-lines protocol spoken by docker/client/agent.cjs. */

export interface FtpReply {
  /** null when the line does not start with three digits. */
  code: number | null;
  lines: string[];
}

/** How a control read ended without a reply. */
export type ReplyFailure = "timeout" | "closed" | "reset" | "line-too-long" | "reply-too-long";

export type ReplyResult = { reply: FtpReply; failure?: undefined } | { failure: ReplyFailure; reply?: undefined };

export type DialOutcome =
  | "connected"
  | "refused"
  | "unreachable"
  | "timeout"
  | "reset"
  | "error"
  | "outside-topology"
  | "not-an-address"
  | "bad-port";

export interface DialResult {
  outcome: DialOutcome;
  detail?: string;
  elapsedMs: number;
}

export type ControlOpenResult = DialResult & Partial<ReplyResult> & { session?: string; local?: string };
export type DataConnectResult = DialResult & { data?: string };

export interface DataReadResult {
  outcome: "eof" | "reset" | "error" | "timeout" | "limit";
  bytes: number;
  sha256: string | null;
  head: string;
}

export interface DataWriteResult {
  bytes: number;
  sha256: string;
}

/** How a real client's run ended: its exit, what it wrote to stdout (the file), and its log. */
export interface ClientRunResult {
  exitCode: number | null;
  signal: string | null;
  /** Killed at the run's time limit. */
  timedOut: boolean;
  bytes: number;
  sha256: string | null;
  /** The client's protocol log (stderr), its middle left out when long. */
  log: string;
  elapsedMs: number;
}

/** The agent's operations, each with its arguments and result. */
export interface AgentOps {
  hello: { args: Record<string, never>; result: { node: string } };
  "tcp.probe": { args: { host: string; port: number; timeoutMs: number }; result: DialResult };
  "ctl.open": { args: { host: string; port: number; timeoutMs: number }; result: ControlOpenResult };
  "ctl.send": { args: { session: string; line: string; timeoutMs: number }; result: ReplyResult };
  "ctl.read": { args: { session: string; timeoutMs: number }; result: ReplyResult };
  "ctl.close": { args: { session: string }; result: Record<string, never> };
  "data.connect": { args: { host: string; port: number; timeoutMs: number }; result: DataConnectResult };
  "data.read": { args: { data: string; timeoutMs: number }; result: DataReadResult };
  "data.write": { args: { data: string; size: number; seed: number }; result: DataWriteResult };
  "data.close": { args: { data: string }; result: Record<string, never> };
  /** Listens on a free port of this host (its --bind address, else all). */
  "tcp.listen": { args: Record<string, never>; result: { listener: string; port: number } };
  /** Waits `timeoutMs`, closes the listener, and returns who connected to it. */
  "tcp.accepted": { args: { listener: string; timeoutMs: number }; result: { peers: string[] } };
  /** Runs the wrapper of a real client (docker/client/clients/<client>.*) to completion, bounded. */
  "client.run": {
    args: { client: string; args: string[]; env: Record<string, string>; timeoutMs: number };
    result: ClientRunResult;
  };
}

export type AgentOp = keyof AgentOps;
