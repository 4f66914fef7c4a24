import type { CheckDefinition } from "../checks/check-definition.js";
import type { CheckResult } from "../checks/check-result.js";
import type { TargetTls } from "../targets/target-spec.js";
import { runAgainstFake, type FakeRunOptions } from "./fake-environment.js";
import { settings, type FakeBehaviour } from "./fake-ftp-server.js";
import type { FakeTlsBehaviour } from "./fake-tls.js";
import type { LocalAgents } from "./local-agent.js";

/** A profile declaring explicit FTPS (AUTH TLS), not required, naming no settings for hints. */
export const EXPLICIT_TLS: TargetTls = { mode: "explicit", required: false, hints: {} };

export interface UnderTlsOptions extends FakeRunOptions {
  /** What the target's profile declares (default: EXPLICIT_TLS). */
  profile?: TargetTls;
  /** Behaviour over the FTPS fake: sets applied after settings.tls, command handlers over all. */
  also?: FakeBehaviour;
}

/**
 * Runs one check (each variant) against a fake speaking FTPS as `tls` says, the target's profile
 * declaring `profile`: the TLS checks' self-tests' common set-up.
 */
export function runUnderTls(
  agents: LocalAgents,
  check: CheckDefinition,
  tls: FakeTlsBehaviour = {},
  { profile = EXPLICIT_TLS, also = {}, ...options }: UnderTlsOptions = {},
): Promise<CheckResult[]> {
  return runAgainstFake(
    agents,
    check,
    { ...also, sets: [settings.tls(tls), ...(also.sets ?? [])] },
    { ...options, target: { ...options.target, tls: profile } },
  );
}
