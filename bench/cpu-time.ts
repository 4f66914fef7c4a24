/**
 * CPU time read from Linux's /proc and cgroup files, for the bench: the machine's, a process's, the
 * bench's waited-for children's (the CLI run), and the engine's containers'. Each reading is null
 * where it cannot be read (another OS, a remote engine, another cgroup layout).
 */
import { readdirSync, readFileSync } from "node:fs";

/** The unit of /proc's times: USER_HZ, 100 on every Linux architecture's user interface. */
const TICKS_PER_SECOND = 100;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
};

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces): field 3 is [0]. */
function statFields(pid: number | "self"): number[] | null {
  const text = read(`/proc/${pid}/stat`);
  if (!text) return null;
  return text
    .slice(text.lastIndexOf(")") + 2)
    .split(" ")
    .map(Number);
}

/** The machine's busy CPU seconds since boot (every core: user, nice, system, irq, softirq, steal). */
export function machineBusySeconds(): number | null {
  const line = read("/proc/stat")?.split("\n")[0];
  if (!line?.startsWith("cpu ")) return null;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / TICKS_PER_SECOND;
}

/** CPU seconds of the process with this pid and of its children it waited for (utime, stime, cutime, cstime). */
export function processCpuSeconds(pid: number): number | null {
  const f = statFields(pid);
  return f ? ((f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)) / TICKS_PER_SECOND : null;
}

/** CPU seconds of this process's children that have ended (the CLI runs the bench started). */
export function endedChildrenCpuSeconds(): number | null {
  const f = statFields("self");
  return f ? ((f[13] ?? 0) + (f[14] ?? 0)) / TICKS_PER_SECOND : null;
}

/** The pid of the first process whose command name is `name` (dockerd, containerd), or null. */
export function findProcess(name: string): number | null {
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && read(`/proc/${entry}/comm`)?.trim() === name) return Number(entry);
  }
  return null;
}

/**
 * CPU seconds of every container the engine ran, from the cgroup their own cgroups sit under with
 * the cgroupfs driver (v1 cpuacct, or v2): it keeps the time of containers already removed.
 */
export function containersCpuSeconds(): number | null {
  const v1 = read("/sys/fs/cgroup/cpuacct/docker/cpuacct.usage");
  if (v1) return Number(v1) / 1e9;
  const v2 = read("/sys/fs/cgroup/docker/cpu.stat")?.match(/^usage_usec (\d+)$/m);
  return v2 ? Number(v2[1]) / 1e6 : null;
}

/** The CPU readings the bench takes before and after a run. */
export interface CpuSnapshot {
  machine: number | null;
  harness: number | null;
  dockerd: number | null;
  containerd: number | null;
  containers: number | null;
}

export function cpuSnapshot(): CpuSnapshot {
  const dockerd = findProcess("dockerd");
  const containerd = findProcess("containerd");
  return {
    machine: machineBusySeconds(),
    harness: endedChildrenCpuSeconds(),
    dockerd: dockerd === null ? null : processCpuSeconds(dockerd),
    containerd: containerd === null ? null : processCpuSeconds(containerd),
    containers: containersCpuSeconds(),
  };
}

/** What each reading grew by between two snapshots (null where either is). */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): CpuSnapshot {
  const delta = (key: keyof CpuSnapshot) => {
    const a = before[key];
    const b = after[key];
    return a === null || b === null ? null : b - a;
  };
  return {
    machine: delta("machine"),
    harness: delta("harness"),
    dockerd: delta("dockerd"),
    containerd: delta("containerd"),
    containers: delta("containers"),
  };
}
