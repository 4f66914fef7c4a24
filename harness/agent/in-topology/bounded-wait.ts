/**
 * Waits for the next value one of `waiters` is called with, at most `timeoutMs`: then the waiter leaves the
 * list and the wait ends with `onTimeout()` (read at that moment). The owner calls and clears the waiters.
 */
export function boundedWait<T, U = T>(
  waiters: Array<(value: T) => void>,
  timeoutMs: number,
  onTimeout: () => U,
): Promise<T | U> {
  return new Promise<T | U>((resolve) => {
    const waiter = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      const at = waiters.indexOf(waiter);
      if (at >= 0) waiters.splice(at, 1);
      resolve(onTimeout());
    }, timeoutMs);
    waiters.push(waiter);
  });
}
