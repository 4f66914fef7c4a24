/**
 * The evidence that a check's data connection reached another replica of the server than the one whose
 * session advertised its port: the balancer's counters of new connections per replica, read before and
 * after the check (a refused connection leaves no conntrack entry, so the table cannot show it). Pure.
 */
import { parseEpsvReply } from "../ftp/parse-epsv.js";
import { parsePasvReply } from "../ftp/parse-pasv.js";
import type { FailureCause } from "./failure-cause.js";

/** New connections a balancer forwarded to each replica (by number, 1 the first): to the control port and to the passive range. */
export type ReplicaCounts = ReadonlyMap<number, { control: number; data: number }>;

/**
 * Reads the counters of `iptables-save -c`: a line `[3:180] -A FORWARD -d 10.213.5.3/32 ... -m comment
 * --comment replica-1-control` counts 3 new connections to replica 1's control port. Other lines are left out.
 */
export function parseReplicaCounters(text: string): Map<number, { control: number; data: number }> {
  const counts = new Map<number, { control: number; data: number }>();
  for (const line of text.split("\n")) {
    const found = /^\[(\d+):\d+\] -A FORWARD .*--comment "?replica-(\d+)-(control|data)"?\s*$/.exec(line.trim());
    if (!found) continue;
    const replica = Number(found[2]);
    const entry = counts.get(replica) ?? { control: 0, data: 0 };
    entry[found[3] as "control" | "data"] += Number(found[1]);
    counts.set(replica, entry);
  }
  return counts;
}

/** What the counters grew by between two readings. */
export function countsBetween(before: ReplicaCounts, after: ReplicaCounts): ReplicaCounts {
  return new Map(
    [...after].map(([replica, now]) => {
      const then = before.get(replica) ?? { control: 0, data: 0 };
      return [replica, { control: now.control - then.control, data: now.data - then.data }];
    }),
  );
}

/**
 * The data ports the server advertised in these texts (its replies, and the real clients' logs quoting
 * them): each 227 or 229 read by the reply parsers from where its code stands.
 */
export function advertisedPorts(texts: readonly string[]): number[] {
  const ports = texts.flatMap((text) =>
    [...text.matchAll(/(?:^|[^\d])(22[79]) /g)].flatMap((found) => {
      const reply = text.slice((found.index ?? 0) + found[0].length - 4).split("\n")[0] ?? "";
      const parsed = found[1] === "227" ? parsePasvReply(reply) : parseEpsvReply(reply);
      return parsed.ok ? [parsed.port] : [];
    }),
  );
  return [...new Set(ports)];
}

/**
 * Why a check's data connection failed, when the evidence shows it reached another replica: during the
 * check the balancer sent its control connections to some replicas (whose sessions advertised the ports)
 * and data connections to a replica that took none of them. Undefined otherwise (no control connection
 * counted, or every data connection on a control connection's replica: affinity).
 */
export function causeOfOtherReplica(
  during: ReplicaCounts,
  replicas: readonly string[],
  advertised: readonly number[],
): FailureCause | undefined {
  const name = (n: number) => `replica ${n} (${replicas[n - 1] ?? "?"})`;
  const control = [...during].filter(([, c]) => c.control > 0);
  const other = [...during].filter(([, c]) => c.data > 0 && c.control === 0);
  const first = other[0];
  if (control.length === 0 || !first) return undefined;
  const [replica, counts] = first;
  const ports = advertised.length > 0 ? ` (port ${advertised.join(", ")})` : "";
  return {
    kind: "data-reached-other-replica",
    detail:
      `during this check the balancer sent ${control.map(([n, c]) => `${c.control} control connection(s) to ${name(n)}`).join(" and ")}, ` +
      `whose session advertised the data port${ports}, and ${counts.data} data connection(s) to ${name(replica)}, ` +
      `which took no control connection and advertised nothing`,
    replica: { number: replica, address: replicas[replica - 1] ?? "" },
  };
}
