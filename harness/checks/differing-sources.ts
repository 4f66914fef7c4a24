/**
 * The evidence that control and data connections reached the server from different addresses (a
 * balancer's source-NAT pool, a userland proxy relaying only the control port), so that a server
 * verifying the data connection's address refuses it. Pure.
 */
import type { PortRange } from "../topology/network-facts.js";
import { inPortRange } from "../topology/network-facts.js";
import type { TrackedConnection } from "./connection-table.js";
import type { FailureCause } from "./failure-cause.js";

/** Where the server saw connections come from: the address it answered, by port. */
export interface SourcesSeen {
  /** The addresses control connections reached the server from. */
  control: readonly string[];
  /** Each data connection (to a passive port): where the client dialled from, and where the server saw it from. */
  data: ReadonlyArray<{ port: number; client: string; seenFrom: string }>;
}

/**
 * Reads a connection table of a host before the server: a connection the server answered from its
 * control port or a passive port reached it from the reply's destination (after any source NAT or relay).
 */
export function sourcesSeenByServer(
  connections: readonly TrackedConnection[],
  server: { address: string; controlPort: number; passiveRange: PortRange },
): SourcesSeen {
  const answered = connections.filter((c) => c.reply.src === server.address);
  const control = answered.filter((c) => c.reply.sport === server.controlPort).map((c) => c.reply.dst);
  const data = answered
    .filter((c) => inPortRange(c.reply.sport, server.passiveRange))
    .map((c) => ({ port: c.reply.sport, client: c.original.src, seenFrom: c.reply.dst }));
  return { control: [...new Set(control)], data };
}

/** A 425 or 426 reply (RFC 959 section 4.2: the data connection refused or closed) among these texts: its line. */
export function dataRefusal(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    const found = /(?:^|[^\d])(42[56][ -][^\n]*)/.exec(text);
    if (found?.[1]) return found[1].trim().slice(0, 120);
  }
  return undefined;
}

/**
 * The harness's words for a transfer command the server left unanswered ("no reply to LIST within 5 s",
 * "no final reply to RETR x within 20 s"), in `observed`: a server that closes a data connection from
 * another address and waits for the right peer (Pure-FTPd) answers nothing where others send 425.
 */
export function transferUnanswered(observed: string): string | undefined {
  return /no (?:final )?reply to (?:LIST|NLST|MLSD|RETR|STOR|APPE)\b[^\n;]*/.exec(observed)?.[0].slice(0, 120);
}

/**
 * Why a data connection was refused, when the evidence shows the sources differ: the server refused a
 * data connection (425/426, or left the transfer command unanswered: transferUnanswered) and a data connection reached it from an address no control connection came
 * from. Undefined otherwise (no refusal, or every data connection from a control connection's address).
 */
export function causeOfDifferingSources(refusal: string | undefined, seen: SourcesSeen): FailureCause | undefined {
  if (!refusal || seen.control.length === 0) return undefined;
  const foreign = seen.data.filter((d) => !seen.control.includes(d.seenFrom));
  const first = foreign[0];
  if (!first) return undefined;
  const from = [...new Set(foreign.map((d) => d.seenFrom))].join(", ");
  const met = /^42[56]/.test(refusal)
    ? `the server refused a data connection ('${refusal}')`
    : `the server left the transfer command unanswered ('${refusal}'), waiting for a data connection from the ` +
      `control connection's address`;
  return {
    kind: "control-and-data-sources-differ",
    detail:
      `${met}; the connection table before it shows the control ` +
      `connections reaching it from ${seen.control.join(", ")} and ${foreign.length} data connection(s) from ${from} ` +
      `(e.g. ${first.client} to passive port ${first.port}, seen from ${first.seenFrom})`,
  };
}
