import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** Every container and network the harness creates carries these, so cleanup can find them. */
export const MANAGED_LABEL = "io.ftp-conformance.managed";
export const RUN_LABEL = "io.ftp-conformance.run";
export const OWNER_LABEL = "io.ftp-conformance.owner";

export interface RunIdentity {
  runId: string;
  labels: Record<string, string>;
}

export function newRunIdentity(): RunIdentity {
  const runId = `${new Date().toISOString().slice(0, 10).replace(/-/g, "")}-${randomBytes(3).toString("hex")}`;
  return {
    runId,
    labels: { [MANAGED_LABEL]: "true", [RUN_LABEL]: runId, [OWNER_LABEL]: `${hostname()}:${process.pid}` },
  };
}

/** True when the owner label names a process of this host that no longer exists. */
export function ownerIsGone(owner: string | undefined): boolean {
  if (!owner) return false;
  const at = owner.lastIndexOf(":");
  if (owner.slice(0, at) !== hostname()) return false;
  const pid = Number(owner.slice(at + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
