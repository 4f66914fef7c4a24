import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import type { CheckDefinition } from "../checks/check-definition.js";
import { FAKE_TARGET } from "../testing/fake-environment.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { type ScenarioSpec } from "../topology/scenario.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { observedText } from "../report/verdict-labels.js";
import { applicability, checkReference, expectedFailureLines } from "./check-reference.js";
import { checkReferencePath, formattedCheckReference } from "./formatted-check-reference.js";

/** Words from internal planning notes that users cannot open; product text must not lean on them. */
const INTERNAL_REFERENCES = [/\bseeds?\b/i, /steering/i, /CATALOGUE/];

/** A source names something a user can open: an RFC, a manual page or server directive, kernel docs. */
const PUBLIC_REFERENCE = /RFC \d+|\(\d\)|ProFTPD|Pure-FTPd|vsftpd|nf_conntrack|manual/;

/** A scenario as the reference reads it; only the fields a test names matter. */
const scenarioWith = (overrides: Partial<ScenarioSpec>): ScenarioSpec => ({
  name: "nat",
  description: "a topology",
  order: 1,
  byNameOnly: null,
  family: "ipv4",
  natted: true,
  clientNat: false,
  clientFtpHelper: false,
  gatewayOnPath: true,
  sourceRewrite: "none",
  replicas: "one",
  advertisesPublicAddress: true,
  forwarding: "whole-range",
  ftpHelper: false,
  expectedCauses: [],
  dataPortsByChance: null,
  ...overrides,
});

const SCENARIO_A = scenarioWith({
  name: "nat",
  description: "the first <topology> | with a pipe",
  expectedCauses: [{ cause: "advertised-address-unreachable", checks: ["x.one[pasv]"], why: "the server says so" }],
});
const SCENARIO_B = scenarioWith({ name: "direct", description: "the second", natted: false });

const CHECK: CheckDefinition = {
  id: "x.one",
  title: "The 229 carries (|||port|)",
  source: "RFC 2428 section 3",
  requirement: "Port p1*256+p2 as (<d><d><d><port><d>).",
  level: "MUST",
  variants: ["pasv", "epsv"],
  dialsDataPort: true,
  notApplicable: (scenario) => (scenario.name === "direct" ? "not in direct" : null),
  run: () => Promise.reject(new Error("the reference reads a check's words; it never runs one")),
};

const target = (overrides: Partial<TargetSpec>): TargetSpec => ({ ...FAKE_TARGET, ...overrides });

describe("docs/checks.md", () => {
  // Generated (and formatted by Prettier) once for the tests that read the whole reference.
  let generated: Promise<string> | undefined;
  const reference = (): Promise<string> => (generated ??= formattedCheckReference());

  it("should be what npm run docs writes from the current definitions (run `npm run docs` when this fails)", async () => {
    const onDisk = readFileSync(checkReferencePath(), "utf8");
    expect(onDisk).toBe(await reference());
  });

  it("should give every check a section with its anchor, level, source and requirement", async () => {
    const text = await reference();
    for (const check of CATALOGUE) {
      expect(text).toContain(`<a id="${check.id}"></a>`);
      expect(text).toContain(`(#${check.id})`);
    }
    expect(text).toContain("- **Source:** RFC 959 section 4.1.2 (PASV); RFC 1123 section 4.1.2.6");
  });

  it("should mention no internal notes, in the generated text or in any check's source or requirement", async () => {
    const texts = [
      await reference(),
      ...CATALOGUE.flatMap((check) => [check.source, check.requirement, check.title]),
      ...SCENARIOS.map((scenario) => scenario.description),
    ];
    for (const text of texts) {
      for (const pattern of INTERNAL_REFERENCES) expect(text).not.toMatch(pattern);
    }
  });

  it("should cite a public reference as every check's source", () => {
    const without = CATALOGUE.filter((check) => !PUBLIC_REFERENCE.test(check.source)).map((c) => c.id);
    expect(without).toEqual([]);
  });
});

describe("applicability", () => {
  it.each([
    ["a scenario where it applies", SCENARIO_A, target({}), "runs"],
    [
      "the check's own condition",
      SCENARIO_B,
      target({}),
      observedText({ skipKind: "not-applicable", observed: "not in direct" }),
    ],
    [
      "a check dialling one data port where the port is chance",
      { ...SCENARIO_A, dataPortsByChance: "which port the server picks decides it" },
      target({}),
      observedText({ skipKind: "not-applicable", observed: "which port the server picks decides it" }),
    ],
    [
      "a profile that leaves the scenario out",
      SCENARIO_A,
      target({ scenarios: ["direct"] }),
      observedText({ skipKind: "not-run", observed: "the target's profile leaves this scenario out" }),
    ],
    [
      "an IPv6 scenario and a profile that declares no IPv6",
      { ...SCENARIO_A, family: "ipv6" as const },
      target({ ipv6: false }),
      observedText({ skipKind: "not-run", observed: "the target's profile says it has no IPv6" }),
    ],
    [
      "a profile's skip rule",
      SCENARIO_A,
      target({ skip: [{ pattern: "x.*", reason: "no such command", field: "applies.skip[0].check" }] }),
      observedText({ skipKind: "not-applicable", observed: "the target's profile leaves it out: no such command" }),
    ],
    [
      "a profile's level rule",
      SCENARIO_A,
      target({ levels: [{ pattern: "x.one", reason: "known gap", field: "levels[0].check", level: "ADVISORY" }] }),
      "runs, graded ADVISORY: known gap",
    ],
  ])("should say what happens for %s", (_name, scenario, spec, expected) => {
    expect(applicability(CHECK, scenario, spec)).toBe(expected);
  });

  it("should name each variant when one applies where another does not", () => {
    const pasvOnlyInDirect: CheckDefinition = {
      ...CHECK,
      notApplicable: (scenario, _target, variant) =>
        variant === "pasv" && scenario.name === "direct" ? "no PASV here" : null,
    };
    expect(applicability(pasvOnlyInDirect, SCENARIO_B, target({}))).toBe(
      "`pasv`: not applicable: no PASV here; `epsv`: runs",
    );
    expect(applicability(pasvOnlyInDirect, SCENARIO_A, target({}))).toBe("runs");
  });
});

describe("expectedFailureLines", () => {
  it("should name the cause and the variants it concerns when only some match", () => {
    expect(expectedFailureLines(CHECK, SCENARIO_A)).toEqual([
      "in `nat` (`x.one[pasv]`): a failure is expected when its evidence shows `advertised-address-unreachable`: " +
        "the server says so; any other failure is a real one",
    ]);
  });

  it("should name no variants when the cause concerns every result of the check", () => {
    const everyVariant = scenarioWith({
      expectedCauses: [{ cause: "port-outside-forwarded-window", checks: ["x.*"], why: "the firewall is narrow" }],
    });
    expect(expectedFailureLines(CHECK, everyVariant)).toEqual([
      "in `nat`: a failure is expected when its evidence shows `port-outside-forwarded-window`: " +
        "the firewall is narrow; any other failure is a real one",
    ]);
  });

  it("should give nothing for a check no scenario expects to fail", () => {
    expect(expectedFailureLines({ ...CHECK, id: "y.other" }, SCENARIO_A)).toEqual([]);
  });
});

/** Where the test's check is: its file and self-test as locateChecks would find them. */
const LOCATIONS = new Map([["x.one", { file: "suites/x.ts", selfTests: ["suites/x.test.ts", "suites/y.test.ts"] }]]);

describe("checkReference", () => {
  const text = checkReference(
    [CHECK],
    [SCENARIO_A, SCENARIO_B],
    [target({ name: "t1" }), target({ name: "t2" })],
    LOCATIONS,
  );

  it("should escape what Markdown would read as tags, emphasis or cell ends", () => {
    expect(text).toContain("Port p1\\*256+p2 as (&lt;d&gt;&lt;d&gt;&lt;d&gt;&lt;port&gt;&lt;d&gt;).");
    expect(text).toContain("| `nat` | the first &lt;topology&gt; \\| with a pipe | no |");
  });

  it("should list variants with their result names and a table per scenario and target", () => {
    expect(text).toContain("- **Variants:** `pasv`, `epsv`; results are named `x.one[pasv]`, `x.one[epsv]`");
    expect(text).toContain("| Scenario | t1 | t2 |");
    expect(text).toContain("| `direct` | not applicable: not in direct | not applicable: not in direct |");
  });

  it("should say a check runs everywhere in one line rather than a table of 'runs'", () => {
    const everywhere = checkReference([{ ...CHECK, notApplicable: undefined }], [SCENARIO_A], [target({})], LOCATIONS);
    expect(everywhere).toContain("Applicability: runs in every scenario against every built-in target.");
    expect(everywhere).not.toContain("| Scenario | fake |");
  });

  it("should name the check's file and self-tests, linked from docs/", () => {
    expect(text).toContain(
      "- **Defined in:** [suites/x.ts](../suites/x.ts); **self-tests:** [suites/x.test.ts](../suites/x.test.ts), " +
        "[suites/y.test.ts](../suites/y.test.ts)",
    );
  });

  it("should index the check under each RFC section its source cites, with its file and self-tests", () => {
    const index = text.slice(text.indexOf("## Index by source"), text.indexOf("## Checks"));
    expect(index).toContain("### RFC 2428");
    expect(index).toContain(
      "| [3](https://www.rfc-editor.org/rfc/rfc2428#section-3) | [`x.one`](#x.one) | MUST | [suites/x.ts](../suites/x.ts) | " +
        "[suites/x.test.ts](../suites/x.test.ts), [suites/y.test.ts](../suites/y.test.ts) |",
    );
  });
});
