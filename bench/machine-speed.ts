/**
 * How fast this machine is right now: the CPU time of a fixed integer loop. On a shared machine it
 * drifts (measured: 330-480 ms over a few hours on the same 2-core machine), so two runs' wall and
 * CPU times compare only when their loops took about as long.
 */
export function fixedLoopMs(): number {
  const started = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < 3e8; i++) sum += i % 7;
  const { user, system } = process.cpuUsage(started);
  // The sum is used, so the loop cannot be left out.
  return sum < 0 ? -1 : (user + system) / 1000;
}
