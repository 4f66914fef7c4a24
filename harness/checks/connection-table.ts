/** The kernel's connection table as /proc/net/nf_conntrack lists it, read into typed entries. Pure. */

/** One direction of a tracked connection. */
export interface ConnectionTuple {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

/** A tracked TCP connection: as it arrived (original) and as the far end answers it (reply, after NAT). */
export interface TrackedConnection {
  original: ConnectionTuple;
  reply: ConnectionTuple;
}

const TUPLE_KEYS = ["src", "dst", "sport", "dport"] as const;

/**
 * Reads the TCP entries of the table, one a line:
 * `ipv4 2 tcp 6 117 TIME_WAIT src=A dst=B sport=1 dport=2 src=C dst=D sport=3 dport=4 [ASSURED] mark=0 use=2`:
 * the first src/dst/sport/dport are the original direction, the second the reply. Other lines are left out.
 */
export function parseConnectionTable(text: string): TrackedConnection[] {
  return text.split("\n").flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields[2] !== "tcp") return [];
    const values: Record<(typeof TUPLE_KEYS)[number], string[]> = { src: [], dst: [], sport: [], dport: [] };
    for (const field of fields) {
      const [key, value] = field.split("=", 2);
      if (value !== undefined && (TUPLE_KEYS as readonly string[]).includes(key ?? "")) {
        values[key as (typeof TUPLE_KEYS)[number]].push(value);
      }
    }
    const tuple = (i: number): ConnectionTuple | undefined => {
      const [src, dst, sport, dport] = TUPLE_KEYS.map((key) => values[key][i]);
      if (!src || !dst || !sport || !dport) return undefined;
      return { src, dst, sport: Number(sport), dport: Number(dport) };
    };
    const original = tuple(0);
    const reply = tuple(1);
    return original && reply ? [{ original, reply }] : [];
  });
}
