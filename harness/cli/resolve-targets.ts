import type { CheckDefinition } from "../checks/check-definition.js";
import { matchesCheckPattern } from "../checks/check-pattern.js";
import { ProfileError, UsageError } from "../errors.js";
import { builtinTargets, DEFAULT_TARGETS } from "../targets/builtin-targets.js";
import { loadProfile } from "../targets/load-profile.js";
import type { TargetSpec } from "../targets/target-spec.js";

const looksLikeFile = (spec: string) => /[/\\]/.test(spec) || /\.(ya?ml|json)$/i.test(spec);

/**
 * The targets --target names: built-in names or profile files, each loaded and checked before
 * anything starts. Checks that a profile's rules name must exist in the catalogue.
 */
export function resolveTargets(
  specs: readonly string[],
  catalogue: readonly CheckDefinition[],
  scenarioNames: readonly string[],
): TargetSpec[] {
  const builtins = builtinTargets();
  const targets = (specs.length === 0 ? [...DEFAULT_TARGETS] : specs).flatMap((spec) => {
    if (looksLikeFile(spec)) return loadProfile(spec);
    const found = builtins.find((t) => t.name === spec);
    if (!found) {
      throw new UsageError(
        `--target '${spec}' is neither a built-in server (${builtins.map((t) => t.name).join(", ")}) nor a profile file (.yaml, .yml, .json)`,
      );
    }
    return found;
  });
  const names = new Set<string>();
  for (const target of targets) {
    if (names.has(target.name)) throw new UsageError(`two targets are named '${target.name}' (${target.origin})`);
    names.add(target.name);
    target.scenarios?.forEach((name, i) => {
      if (!scenarioNames.includes(name)) {
        throw new ProfileError(
          `profile ${target.origin}: applies.scenarios[${i}]: '${name}' is not a scenario (${scenarioNames.join(", ")})`,
        );
      }
    });
    for (const rule of [...target.skip, ...target.levels]) {
      if (!catalogue.some((check) => matchesCheckPattern(rule.pattern, check.id))) {
        throw new ProfileError(
          `profile ${target.origin}: ${rule.field}: '${rule.pattern}' matches no check (see --list)`,
        );
      }
    }
  }
  return targets;
}
