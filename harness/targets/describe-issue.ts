import type { z } from "zod";

const fieldName = (path: readonly PropertyKey[]) =>
  path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "") || "(top level)";

/**
 * The first problem as the field it is about and what is wrong. An unknown field comes first: a
 * typo also makes the real field "missing", and the typo is what the author must fix.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): [string, string] {
  const unknown = issues.find((i) => i.code === "unrecognized_keys");
  if (unknown && unknown.code === "unrecognized_keys") {
    const key = unknown.keys[0] ?? "";
    const missing = issues
      .filter((i) => i.code === "invalid_type" && i.message.endsWith("received undefined"))
      .map((i) => String(i.path.at(-1)));
    const meant = missing.find((name) => editDistance(name.toLowerCase(), key.toLowerCase()) <= 2);
    const field = unknown.path.length > 0 ? `${fieldName(unknown.path)}.${key}` : key;
    return [field, `unknown field${meant ? ` (did you mean '${meant}'?)` : " (a typo?)"}`];
  }
  const issue = issues[0] as z.core.$ZodIssue;
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
    return [fieldName(issue.path), "missing"];
  }
  return [fieldName(issue.path), issue.message];
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
