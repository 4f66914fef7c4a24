import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { parseEpsvReply } from "../harness/ftp/parse-epsv.js";
import { parsePasvReply } from "../harness/ftp/parse-pasv.js";
import type { PassiveMode } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure, SessionRefused } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { ipv6 } from "./active-steps.js";
import { ftpHelperOnPath } from "../harness/topology/scenario.js";

/** Above this many ports, holding one listener per port costs more sessions than a check should open. */
export const MAX_EXHAUSTIBLE_RANGE = 64;

/** What one PASV (EPSV over IPv6) gave: a port, or how the server declined. */
type Answer = { port: number } | { refusal: string; clean: boolean };

async function askPassive(session: ControlSession, mode: PassiveMode): Promise<Answer> {
  try {
    const reply = await session.send(mode);
    const expected = mode === "PASV" ? 227 : 229;
    if (reply.code === expected) {
      const text = reply.lines.join("\n");
      const parsed = mode === "PASV" ? parsePasvReply(text) : parseEpsvReply(text);
      if (parsed.ok) return { port: parsed.port };
      return { refusal: `unreadable ${expected}: ${parsed.problem}`, clean: false };
    }
    return { refusal: `'${replyText(reply)}'`, clean: codeClass(reply) === 4 };
  } catch (error) {
    if (error instanceof ProtocolFailure) return { refusal: error.message, clean: false };
    throw error;
  }
}

/**
 * Why session `n` of `needed` could not be opened, as the inconclusive verdict says it: a 4xx there
 * is a session cap (Pure-FTPd's is half its range), not the range; anything else kept the check from
 * holding the range too.
 */
export function sessionRefusal(failure: ProtocolFailure, n: number, needed: number): string {
  if (failure instanceof SessionRefused) {
    const refused = `the server refused session ${n} of ${needed} at ${failure.step} with '${replyText(failure.reply)}'`;
    if (codeClass(failure.reply) === 4) {
      return (
        `${refused}: a session cap, not the passive range (the check holds one listener per session, so the ` +
        `range was never used up)`
      );
    }
    return `${refused}: the check needs ${needed} sessions at once to use up the range, so the range was never used up`;
  }
  return (
    `session ${n} of ${needed} could not be opened (${failure.message}): the check needs ${needed} sessions at once to ` +
    `use up the range, so the range was never used up`
  );
}

export const portsExhaustion: CheckDefinition = {
  id: "ports.exhaustion",
  title: "Running out of passive ports is refused cleanly",
  source: "RFC 959 section 4.2 (425/421 replies); vsftpd.conf(5) pasv_min_port/pasv_max_port; ProFTPD PassivePorts",
  requirement:
    "With more concurrent sessions holding passive listeners than the range has ports, the extra PASV (EPSV over " +
    "IPv6) gets a " +
    "clean 4xx (425/421) in bounded time, or a port inside the range; never a hang, never a port outside it.",
  level: "SHOULD",
  concurrency: "alone",
  notApplicable: (scenario, target) => {
    if (ftpHelperOnPath(scenario)) return "a gateway's FTP helper picks the ports clients see, not the server";
    const size = target.passiveRange.max - target.passiveRange.min + 1;
    return size > MAX_EXHAUSTIBLE_RANGE
      ? `the declared range has ${size} ports; exhausting it needs at most ${MAX_EXHAUSTIBLE_RANGE}`
      : null;
  },
  async run(context) {
    const { min, max } = context.target.passiveRange;
    const size = max - min + 1;
    const expected = `${size} listeners in ${min}-${max}, then a 4xx or a port in the range`;
    // Every session logs in first, so the listeners are all held at once when the extra PASV comes.
    // One after another: a burst of connects measures the server's listen backlog (Pure-FTPd's is
    // 3 + maxusers/8), not its passive range, and which connect overflows it is chance.
    const opened: Array<PromiseSettledResult<ControlSession>> = [];
    for (let i = 0; i <= size; i++) {
      const [result] = await Promise.allSettled([context.openLoggedIn()]);
      opened.push(result as PromiseSettledResult<ControlSession>);
      if (result?.status === "rejected") break;
    }
    const refused = opened.findIndex((o) => o.status === "rejected");
    if (refused > 0) {
      // Sessions are all opened before any PASV: a refusal here says nothing about the range.
      const reason = (opened[refused] as PromiseRejectedResult).reason as unknown;
      if (!(reason instanceof ProtocolFailure)) throw reason;
      return inconclusive(sessionRefusal(reason, refused + 1, size + 1));
    }
    // The first session failing is the server failing to serve at all: that fails as any check does.
    if (refused === 0) throw (opened[0] as PromiseRejectedResult).reason;
    const sessions = opened.map((o) => (o as PromiseFulfilledResult<ControlSession>).value);
    const held: number[] = [];
    let answer: Answer = { refusal: "no PASV sent", clean: false };
    // PASV cannot name an IPv6 address: over IPv6 the listeners come from EPSV.
    const mode: PassiveMode = ipv6(context.scenario) ? "EPSV" : "PASV";
    for (const session of sessions) {
      answer = await askPassive(session, mode);
      if (!("port" in answer) || answer.port < min || answer.port > max || held.length === size) break;
      held.push(answer.port);
    }
    const what = "port" in answer ? `port ${answer.port}` : answer.refusal;
    const observed = `${held.length} listeners held (${held.join(", ")}); ${mode} ${held.length + 1} got ${what}`;
    if (held.length < size && "clean" in answer && answer.clean) {
      // A clean refusal before this check held the whole range: something else held part of it, and
      // the stimulus did not happen. An unclean one (vsftpd's 500 OOPS after its ten random bind
      // attempts missed the free ports) fails whatever the count.
      return inconclusive(
        `${observed}, before this check held all ${size} ports of ${min}-${max}: the range was ` +
          `already in use (listeners left by earlier sessions? see listener.closed-with-session)`,
      );
    }
    const inRange = "port" in answer && answer.port >= min && answer.port <= max;
    if (inRange || ("clean" in answer && answer.clean)) return pass(expected, observed);
    const outside = "port" in answer ? `, outside ${min}-${max}` : "";
    // A port outside the range before the range was used up: the server ignores the range itself.
    const ignored =
      "port" in answer && held.length < size
        ? {
            kind: "ports-outside-declared-range" as const,
            detail: `${mode} ${held.length + 1} got port ${answer.port} before the range ${min}-${max} was used up`,
            range: { min, max },
          }
        : undefined;
    return fail(expected, `${observed}${outside}`, context.target.settings.rangeExhausted, ignored);
  },
};
