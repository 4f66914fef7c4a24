import { readdirSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../paths.js";
import { loadProfile } from "./load-profile.js";
import type { TargetSpec } from "./target-spec.js";

/** The built-in servers' baseline of known failures, beside their profiles (not a profile itself). */
export const BUILTIN_BASELINE = "builtins.baseline.yaml";

/** The profiles shipped in profiles/: the built-in servers go through the same path as a user's. */
export function builtinProfilePaths(): string[] {
  const dir = join(packageRoot(), "profiles");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && f !== BUILTIN_BASELINE)
    .sort()
    .map((f) => join(dir, f));
}

let loaded: TargetSpec[] | undefined;

export function builtinTargets(): TargetSpec[] {
  loaded ??= builtinProfilePaths().flatMap((path) => loadProfile(path));
  return loaded;
}

export function builtinTarget(name: string): TargetSpec {
  const found = builtinTargets().find((t) => t.name === name);
  if (!found) throw new Error(`no built-in target ${name}`);
  return found;
}

/**
 * What `run` probes when no --target is given: the two servers the catalogue's known behaviours describe.
 * The other shipped profiles (pyftpdlib, pure-ftpd) are built-ins chosen by name with --target.
 */
export const DEFAULT_TARGETS = ["vsftpd", "proftpd"] as const;
