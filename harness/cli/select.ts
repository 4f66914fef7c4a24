import type { CheckDefinition } from "../checks/check-definition.js";
import { matchesCheckPattern } from "../checks/check-pattern.js";
import { UsageError } from "../errors.js";

/** Picks items by name; an unknown name is a usage error listing the known ones. */
export function selectByName<T extends { name: string }>(
  all: readonly T[],
  names: readonly string[],
  flag: string,
): T[] {
  if (names.length === 0) return [...all];
  return names.map((name) => {
    const found = all.find((item) => item.name === name);
    if (!found) throw new UsageError(`${flag} '${name}' is not known (known: ${all.map((i) => i.name).join(", ")})`);
    return found;
  });
}

/** Keeps checks whose ID matches an --only glob (when any) and no --skip glob. `*` matches within and across dots. */
export function selectChecks(
  all: readonly CheckDefinition[],
  only: readonly string[],
  skip: readonly string[],
): CheckDefinition[] {
  const matches = matchesCheckPattern;
  for (const pattern of [...only, ...skip]) {
    if (!all.some((check) => matches(pattern, check.id)))
      throw new UsageError(`check pattern '${pattern}' matches no check (see --list)`);
  }
  const kept = all.filter(
    (check) => (only.length === 0 || only.some((p) => matches(p, check.id))) && !skip.some((p) => matches(p, check.id)),
  );
  if (kept.length === 0) throw new UsageError("--only/--skip leave no check to run");
  return kept;
}
