import type { AgentConnection } from "../agent/agent-connection.js";
import type { ControlSession } from "../ftp/control-session.js";
import type { Transcript } from "../ftp/transcript.js";
import type { FixtureFile } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { declaredWait, defaultWait, type Wait } from "../ftp/wait.js";
import { formatSeconds } from "../util/deadline.js";
import { ScenarioSpec } from "../topology/scenario.js";
import type { NetworkFacts, ServerHealth } from "../topology/network-facts.js";

/** What a check may use. Sessions it opens are closed by the runner when it ends. */
export interface CheckContext {
  target: TargetSpec;
  scenario: ScenarioSpec;
  network: NetworkFacts;
  client: AgentConnection;
  /** The agent on the intruder host, for port stealing and bounce targets. */
  intruder: AgentConnection;
  transcript: Transcript;
  fixtures: readonly FixtureFile[];
  timeouts: Timeouts;
  /**
   * A control connection from the client host, logged in with the target's credentials; for a target
   * declaring tls.required, under TLS with PROT P (harness/checks/logged-in-session.ts), so that its
   * data connections (connectData, active mode) go under TLS too.
   */
  openLoggedIn(): Promise<ControlSession>;
  /** A control connection from the client host, greeted but not logged in. */
  openControl(): Promise<ControlSession>;
  serverHealth(): Promise<ServerHealth>;
  /**
   * Less of the target's time budget for this scenario is left than one check may take. A sampling
   * check may then stop once what it sampled decides its verdict (and says so), never before.
   */
  budgetRunsLow(): boolean;
}

export interface Timeouts {
  /** One control reply. */
  replyMs: number;
  /** Deciding that an advertised endpoint does not answer (a dial). */
  dataConnectMs: number;
  /** One whole transfer. */
  transferMs: number;
  /** A whole check, whatever it does. */
  checkMs: number;
  /**
   * How long a server whose profile declares no accept (or connect) timeout may take to give up, before
   * the dial wait is added. Absent: one reply wait (the self-tests' fakes give up in well under that).
   */
  undeclaredServerTimeoutMs?: number;
  /**
   * Where the reply, dial and transfer waits' lengths came from, worded for the verdicts they decide
   * ("reply wait, profile waits.replySeconds"); a run always has them (timeoutsFor). Absent (the
   * self-tests' bare limits): a verdict gives the length alone.
   */
  labels?: { reply: string; dial: string; transfer: string };
}

/**
 * The waits a profile that declares none gets (`waits.*` in the profile; docs/profiles.md).
 * reply: a slow real server's reply (basic-ftp's default timeout is 30 s; RFC 959 sets none). dial:
 * the kernel, not the server program, answers a dial, and a lost SYN is sent again after 1 s (Linux's
 * initial retransmission timeout). transfer: the largest fixture, 1 MiB, at 20 KiB/s.
 */
export const DEFAULT_WAITS = { replySeconds: 30, dialSeconds: 3, transferSeconds: 60 } as const;
/**
 * How long a server that declares no accept or connect timeout is taken to wait for a data connection
 * before it gives up: vsftpd's defaults (accept_timeout and connect_timeout, 60 s each).
 */
export const UNDECLARED_SERVER_TIMEOUT_SECONDS = 60;
/** A check's overall limit: at least this, and at least twice its longest single wait plus a margin. */
export const MIN_CHECK_MS = 60_000;
const CHECK_MARGIN_MS = 10_000;

/** The waits a profile declares (TargetSpec.waits), with the server timeouts they combine with. */
type WaitDeclarations = Pick<TargetSpec, "waits" | "acceptTimeoutSeconds" | "connectTimeoutSeconds">;

/**
 * A target's limits: its profile's waits, else DEFAULT_WAITS, each labelled with where it came
 * from; the check limit covers twice the longest wait a check may sit through (a reply, a transfer,
 * or a server giving up on a data connection), so a wait, not the check's limit, decides a verdict.
 */
export function timeoutsFor(target: WaitDeclarations): Timeouts {
  const wait = (name: string, key: keyof typeof DEFAULT_WAITS): Wait => {
    const declared = target.waits?.[key];
    return declared !== undefined
      ? declaredWait(name, declared * 1000, `waits.${key}`)
      : defaultWait(name, DEFAULT_WAITS[key] * 1000, `waits.${key}`);
  };
  const reply = wait("reply wait", "replySeconds");
  const dial = wait("dial wait", "dialSeconds");
  const transfer = wait("transfer wait", "transferSeconds");
  const timeouts: Timeouts = {
    replyMs: reply.ms,
    dataConnectMs: dial.ms,
    transferMs: transfer.ms,
    checkMs: 0,
    undeclaredServerTimeoutMs: UNDECLARED_SERVER_TIMEOUT_SECONDS * 1000,
    labels: { reply: reply.label, dial: dial.label, transfer: transfer.label },
  };
  const longest = Math.max(
    reply.ms,
    transfer.ms,
    serverGiveUpWait(target, timeouts, "accept").ms,
    serverGiveUpWait(target, timeouts, "connect").ms,
  );
  return { ...timeouts, checkMs: Math.max(MIN_CHECK_MS, 2 * longest + CHECK_MARGIN_MS) };
}

/** The limits of a profile that declares no waits. */
export const DEFAULT_TIMEOUTS: Timeouts = timeoutsFor({});

/** The reply wait, named with where its length came from (unlabelled without `labels`). */
export function replyWait(t: Timeouts): Wait {
  return { ms: t.replyMs, label: t.labels?.reply ?? "" };
}

/** The dial wait, named with where its length came from. */
export function dialWait(t: Timeouts): Wait {
  return { ms: t.dataConnectMs, label: t.labels?.dial ?? "" };
}

/** The transfer wait, named with where its length came from. */
export function transferWait(t: Timeouts): Wait {
  return { ms: t.transferMs, label: t.labels?.transfer ?? "" };
}

/**
 * How long to wait for a server to give up on a data connection nobody makes (accept: a passive
 * listener) or that it cannot make (connect: PORT/EPRT): the timeout the profile declares plus one
 * dial wait, else the undeclared fallback plus one dial wait, each saying which.
 */
export function serverGiveUpWait(target: WaitDeclarations, t: Timeouts, kind: "accept" | "connect"): Wait {
  const wait = labelledGiveUpWait(target, t, kind);
  return t.labels ? wait : { ms: wait.ms, label: "" };
}

function labelledGiveUpWait(target: WaitDeclarations, t: Timeouts, kind: "accept" | "connect"): Wait {
  const field = kind === "accept" ? "acceptTimeoutSeconds" : "connectTimeoutSeconds";
  const declared = target[field];
  const name = `${kind} wait`;
  const dial = dialWait(t);
  const plusDial = `the dial wait (${formatSeconds(dial.ms)})`;
  if (declared !== undefined) {
    const ms = declared * 1000;
    return { ms: ms + dial.ms, label: `${name}, profile ${field} (${formatSeconds(ms)}) + ${plusDial}` };
  }
  if (t.undeclaredServerTimeoutMs === undefined) return defaultWait(name, t.replyMs, field, "one reply wait");
  const ms = t.undeclaredServerTimeoutMs;
  return defaultWait(name, ms + dial.ms, field, `the default ${formatSeconds(ms)} + ${plusDial}`);
}
