/** True when a check ID matches a pattern as --only and profiles write it: `*` matches any run of characters. Pure. */
export function matchesCheckPattern(pattern: string, id: string): boolean {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${source}$`).test(id);
}
