import type { CheckDefinition } from "../checks/check-definition.js";
import { matchesCheckPattern } from "../checks/check-pattern.js";
import type { Level } from "../levels.js";
import { whyNotApplicable } from "../checks/run-check.js";
import { observedText } from "../report/verdict-labels.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { ScenarioSpec } from "../topology/scenario.js";
import type { CheckLocation } from "./check-locations.js";
import { cell, checkAnchor, inline } from "./markdown.js";
import { locationLine, sourceIndex } from "./source-index.js";

export const LEVEL_MEANINGS: Record<Level, string> = {
  MUST: "a failure fails the run",
  SHOULD: "a failure fails the run only with --strict",
  ADVISORY: "a failure is reported, never fails the run",
};

/** The results a check produces: `id`, or `id[variant]` per variant, as reports name them. */
function resultNames(check: { id: string; variants?: readonly string[] }): string[] {
  return check.variants ? check.variants.map((v) => `${check.id}[${v}]`) : [check.id];
}

/**
 * What running `check` against `target` in `scenario` amounts to, in words: the profile's choice of
 * scenarios, then the engine's own rule (whyNotApplicable), then the profile's regrading. Where the
 * variants differ (`transfer.retr[pasv]` skipped over IPv6, `[epsv]` run), each is named.
 */
export function applicability(check: CheckDefinition, scenario: ScenarioSpec, target: TargetSpec): string {
  if (target.scenarios !== null && !target.scenarios.includes(scenario.name)) {
    return observedText({ skipKind: "not-run", observed: "the target's profile leaves this scenario out" });
  }
  if (scenario.family === "ipv6" && !target.ipv6)
    return observedText({ skipKind: "not-run", observed: "the target's profile says it has no IPv6" });
  if (scenario.advertisesPublicName && !target.takesPublicName)
    return observedText({ skipKind: "not-run", observed: "the target's profile takes no {{publicName}}" });
  const variants = check.variants ?? [undefined];
  const texts = variants.map((variant) => variantApplicability(check, scenario, target, variant));
  if (new Set(texts).size === 1) return texts[0] as string;
  return variants.map((variant, i) => `\`${variant}\`: ${texts[i]}`).join("; ");
}

function variantApplicability(
  check: CheckDefinition,
  scenario: ScenarioSpec,
  target: TargetSpec,
  variant: string | undefined,
): string {
  const reason = whyNotApplicable(check, scenario, target, variant);
  if (reason) return observedText({ skipKind: "not-applicable", observed: reason });
  const regraded = target.levels.find((rule) => matchesCheckPattern(rule.pattern, check.id));
  if (regraded && regraded.level !== check.level) return `runs, graded ${regraded.level}: ${regraded.reason}`;
  return "runs";
}

/** The failures a scenario exists to show that concern this check, one line each. */
export function expectedFailureLines(check: CheckDefinition, scenario: ScenarioSpec): string[] {
  const names = resultNames(check);
  const matching = (patterns: readonly string[]) =>
    names.filter((name) => patterns.some((pattern) => matchesCheckPattern(pattern, name)));
  const which = (hits: string[]) =>
    hits.length === names.length ? "" : ` (${hits.map((h) => `\`${h}\``).join(", ")})`;
  const lines: string[] = [];
  for (const expected of scenario.expectedCauses) {
    const hits = matching(expected.checks);
    if (hits.length > 0) {
      lines.push(
        `in \`${scenario.name}\`${which(hits)}: a failure is expected when its evidence shows ` +
          `\`${expected.cause}\`: ${inline(expected.why)}; any other failure is a real one`,
      );
    }
  }
  return lines;
}

function applicabilitySection(
  check: CheckDefinition,
  scenarios: readonly ScenarioSpec[],
  targets: readonly TargetSpec[],
): string[] {
  const rows = scenarios.map((scenario) => targets.map((target) => applicability(check, scenario, target)));
  if (rows.every((row) => row.every((text) => text === "runs"))) {
    return ["Applicability: runs in every scenario against every built-in target."];
  }
  return [
    "Applicability:",
    "",
    `| Scenario | ${targets.map((t) => cell(t.name)).join(" | ")} |`,
    `| --- | ${targets.map(() => "---").join(" | ")} |`,
    ...scenarios.map((scenario, i) => `| \`${scenario.name}\` | ${(rows[i] ?? []).map(cell).join(" | ")} |`),
  ];
}

function checkSection(
  check: CheckDefinition,
  scenarios: readonly ScenarioSpec[],
  targets: readonly TargetSpec[],
  locations: ReadonlyMap<string, CheckLocation>,
): string[] {
  const variants = check.variants
    ? `${check.variants.map((v) => `\`${v}\``).join(", ")}; results are named ${resultNames(check)
        .map((n) => `\`${n}\``)
        .join(", ")}`
    : `none; one result, \`${check.id}\``;
  const expected = scenarios.flatMap((scenario) => expectedFailureLines(check, scenario));
  return [
    `### <a id="${checkAnchor(check.id)}"></a>\`${check.id}\`: ${inline(check.title)}`,
    "",
    `- **Level:** ${check.level} (${LEVEL_MEANINGS[check.level]})`,
    `- **Source:** ${inline(check.source)}`,
    locationLine(check, locations),
    `- **Requirement:** ${inline(check.requirement)}`,
    `- **Variants:** ${variants}`,
    `- **Expected failures:** ${expected.length > 0 ? "" : "none; a failure anywhere is a real one"}`,
    ...expected.map((line) => `  - ${line}`),
    "",
    ...applicabilitySection(check, scenarios, targets),
    "",
  ];
}

/**
 * docs/checks.md: an index from each source (RFC section, manual) to its checks, then every check's ID,
 * title, level, source, file and self-tests (`locations`), requirement, variants, the failures the
 * scenarios exist to show, and where it applies for each of `targets`. Pure: the same definitions
 * always give the same text, so a test can tell when the file is out of date.
 */
export function checkReference(
  checks: readonly CheckDefinition[],
  scenarios: readonly ScenarioSpec[],
  targets: readonly TargetSpec[],
  locations: ReadonlyMap<string, CheckLocation>,
): string {
  const targetNames = targets.map((t) => `\`${t.name}\``).join(", ");
  return [
    "# Check reference",
    "",
    "<!-- Generated by `npm run docs` from suites/*.ts, harness/topology/scenarios.ts and profiles/; do not edit. -->",
    "",
    "Every check the suite runs: where its requirement comes from, what stimulus it sends and what a conformant " +
      "server does, and in which scenarios it applies. A check's ID is its anchor here, e.g. " +
      `\`docs/checks.md#${checkAnchor(checks[0]?.id ?? "pasv.reply")}\`. The [index by source](#index-by-source) ` +
      "leads from an RFC section (or a server's manual) to the checks that test it, their file and their self-tests.",
    "",
    "## Levels",
    "",
    ...(Object.keys(LEVEL_MEANINGS) as Level[]).map((level) => `- **${level}**: ${LEVEL_MEANINGS[level]}.`),
    "",
    "## Scenarios",
    "",
    "| Scenario | Topology | Data ports decided by chance |",
    "| --- | --- | --- |",
    ...scenarios.map(
      (s) => `| \`${s.name}\` | ${cell(s.description)} | ${s.dataPortsByChance ? cell(s.dataPortsByChance) : "no"} |`,
    ),
    "",
    `Applicability below is what the engine decides for the built-in targets (${targetNames}): the check's ` +
      "own conditions (a scenario without NAT, a target without an accept timeout, ...) and the profile's " +
      "`applies.scenarios`, `applies.skip` and `levels` rules. Another profile may differ by its own declarations.",
    "",
    ...sourceIndex(checks, locations),
    "## Checks",
    "",
    "| ID | Level | Title |",
    "| --- | --- | --- |",
    ...checks.map((c) => `| [\`${c.id}\`](#${checkAnchor(c.id)}) | ${c.level} | ${cell(c.title)} |`),
    "",
    ...checks.flatMap((check) => checkSection(check, scenarios, targets, locations)),
  ].join("\n");
}
