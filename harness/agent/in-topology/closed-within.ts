import type { Socket } from "node:net";

/** Whether `raw` has ended or closed, or does within `timeoutMs`. */
export function closedWithin(raw: Socket, timeoutMs: number): Promise<boolean> {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const done = (closed: boolean) => {
      clearTimeout(timer);
      raw.off("end", onClose).off("close", onClose);
      resolve(closed);
    };
    const onClose = () => done(true);
    const timer = setTimeout(() => done(raw.readableEnded || raw.destroyed), timeoutMs);
    raw.once("end", onClose).once("close", onClose);
  });
}
