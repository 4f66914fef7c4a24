/**
 * The order in which a run starts its target x scenario pairs: round-robin over the targets, each
 * target's pairs in matrix order. Servers differ in how long a pair takes (ProFTPD's master process
 * waits 200 ms or more before accepting the next session after one ends; vsftpd does not), so a run
 * that started one target's pairs before the next would leave the slow target's pairs to run last,
 * a few at a time. Returns indexes into `pairs`; the report keeps matrix order.
 */
export function startOrder(pairs: ReadonlyArray<{ target: { name: string } }>): number[] {
  const byTarget = new Map<string, number[]>();
  pairs.forEach((pair, index) => {
    const own = byTarget.get(pair.target.name) ?? [];
    own.push(index);
    byTarget.set(pair.target.name, own);
  });
  const queues = [...byTarget.values()];
  const order: number[] = [];
  for (let round = 0; order.length < pairs.length; round++) {
    for (const queue of queues) {
      const index = queue[round];
      if (index !== undefined) order.push(index);
    }
  }
  return order;
}
