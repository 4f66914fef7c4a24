/**
 * Once the run is interrupted, nothing new may be created: every step that creates a container or
 * network asks here first, so the cleanup's sweeps catch up with what is left and finish.
 */
let interrupted = false;

export class InterruptedError extends Error {
  override readonly name = "InterruptedError";
  constructor() {
    super("the run was interrupted");
  }
}

export function markInterrupted(): void {
  interrupted = true;
}

export function throwIfInterrupted(): void {
  if (interrupted) throw new InterruptedError();
}
