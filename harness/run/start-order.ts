/**
 * The order in which a run starts its target x scenario pairs: first the pairs whose checks run one
 * at a time (`oneAtATime`: behind the FTP helper or a balancer, harness/checks/shared-pool.ts), the
 * longest, so that they do not run last with the machine half idle; within each group round-robin
 * over the targets, each target's pairs in matrix order. Servers differ in how long a pair takes
 * (ProFTPD's master process waits 200 ms or more before accepting the next session after one ends;
 * vsftpd does not), so a run that started one target's pairs before the next would leave the slow
 * target's pairs to run last, a few at a time. Returns indexes into `pairs`; the report keeps matrix order.
 */
export function startOrder<P extends { target: { name: string } }>(
  pairs: readonly P[],
  oneAtATime: (pair: P) => boolean = () => false,
): number[] {
  const indexes = pairs.map((_, index) => index);
  const first = indexes.filter((index) => oneAtATime(pairs[index] as P));
  const then = indexes.filter((index) => !oneAtATime(pairs[index] as P));
  return [...roundRobin(pairs, first), ...roundRobin(pairs, then)];
}

/** `indexes` round-robin over their pairs' targets, each target's in the order given. */
function roundRobin(pairs: ReadonlyArray<{ target: { name: string } }>, indexes: readonly number[]): number[] {
  const byTarget = new Map<string, number[]>();
  for (const index of indexes) {
    const name = (pairs[index] as { target: { name: string } }).target.name;
    byTarget.set(name, [...(byTarget.get(name) ?? []), index]);
  }
  const queues = [...byTarget.values()];
  const order: number[] = [];
  for (let round = 0; order.length < indexes.length; round++) {
    for (const queue of queues) {
      const index = queue[round];
      if (index !== undefined) order.push(index);
    }
  }
  return order;
}
