/**
 * The README and docs/ against the registries they describe: every check, scenario, built-in target,
 * placeholder and exit code they name exists, and the lists meant to be complete miss none.
 * docs/checks.md is generated (harness/docs/check-reference.test.ts holds it to its generator).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STABILITY_RUNS } from "../bench/stability-runs.js";
import { EXIT_CODES } from "../harness/cli/exit-codes.js";
import {
  checkTokens,
  namesCheck,
  placeholderTokens,
  scenarioTokens,
  targetNameTokens,
} from "../harness/docs/registry-names.js";
import { packageRoot } from "../harness/paths.js";
import { builtinProfilePaths, builtinTargets, DEFAULT_TARGETS } from "../harness/targets/builtin-targets.js";
import { profileSchema, TEMPLATE_VARIABLES, tlsSchema } from "../harness/targets/profile-schema.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { CATALOGUE } from "../suites/catalogue.js";

const root = packageRoot();
const read = (path: string) => readFileSync(join(root, path), "utf8");
const DOCS = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((file) => file.endsWith(".md") && file !== "checks.md")
    .map((file) => `docs/${file}`),
];
const SCENARIO_NAMES = SCENARIOS.map((scenario) => scenario.name);
const TARGET_NAMES = builtinTargets().map((target) => target.name);

/** The part of a Markdown text under a heading, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line === heading);
  expect(start, `no heading '${heading}'`).toBeGreaterThanOrEqual(0);
  const level = heading.indexOf(" ");
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(" ") <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as '-'. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

function anchorsOf(text: string): Set<string> {
  const headings = [...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] ?? ""));
  const ids = [...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1] ?? "");
  return new Set([...headings, ...ids]);
}

/** A profile field path (`startup.logLine`) exists in the profile schema. */
function fieldExists(path: readonly string[]): boolean {
  type Node = { _zod: { def: Record<string, unknown> & { type: string } } };
  const walk = (node: Node, rest: readonly string[]): boolean => {
    const def = node._zod.def;
    if (rest.length === 0 || rest[0] === "*") return true;
    if (def.type === "object") {
      const child = (def.shape as Record<string, Node>)[rest[0] ?? ""];
      return child !== undefined && walk(child, rest.slice(1));
    }
    if (def.type === "union") return (def.options as Node[]).some((option) => walk(option, rest));
    if (def.type === "optional" || def.type === "default") return walk(def.innerType as Node, rest);
    return false;
  };
  return walk(profileSchema as unknown as Node, path);
}

describe.each(DOCS)("%s", (path) => {
  const text = read(path);

  it("should name only checks that exist (IDs, globs and variants; `tls.<field>` is the profile's)", () => {
    const profileTlsFields = Object.keys(tlsSchema.shape).map((field) => `tls.${field}`);
    const unknown = checkTokens(text, CATALOGUE).filter(
      (token) => !namesCheck(token, CATALOGUE) && !profileTlsFields.includes(token),
    );
    expect(unknown).toEqual([]);
  });

  it("should name only scenarios that exist", () => {
    expect(scenarioTokens(text, SCENARIO_NAMES).filter((token) => !SCENARIO_NAMES.includes(token))).toEqual([]);
    for (const match of text.matchAll(/--scenario[ =]([a-z0-9,-]+)/g)) {
      for (const name of (match[1] ?? "").split(",")) expect(SCENARIO_NAMES).toContain(name);
    }
  });

  it("should give --target only built-in names (or profile files), and name only built-in profiles that exist", () => {
    expect(targetNameTokens(text).filter((name) => !TARGET_NAMES.includes(name))).toEqual([]);
    for (const match of text.matchAll(/`profiles\/([\w.-]+)`/g)) {
      expect(existsSync(join(root, "profiles", match[1] ?? "")), `profiles/${match[1]}`).toBe(true);
    }
  });

  it("should use only the placeholders profiles have", () => {
    expect(placeholderTokens(text).filter((name) => !(TEMPLATE_VARIABLES as readonly string[]).includes(name))).toEqual(
      [],
    );
  });

  it("should link only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const link = match[1] ?? "";
      if (/^[a-z]+:/.test(link)) continue;
      const [file = "", anchor] = link.split("#");
      const target = file === "" ? join(root, path) : join(root, dirname(path), file);
      if (!existsSync(target)) broken.push(link);
      else if (anchor !== undefined && !anchorsOf(readFileSync(target, "utf8")).has(anchor)) broken.push(link);
    }
    expect(broken).toEqual([]);
  });

  it("should quote the stability bench's own run count", () => {
    for (const match of text.matchAll(/bench:stability[^\n]*/g)) {
      const line = match[0];
      const runs = /--runs (\d+)/.exec(line)?.[1];
      const times = /(\d+) times/.exec(line)?.[1];
      if (times !== undefined && runs === undefined) expect(Number(times), line).toBe(DEFAULT_STABILITY_RUNS);
    }
  });
});

describe("the lists meant to be complete", () => {
  it("docs/scenarios.md: every scenario in run order, and 'only by name' exactly where byNameOnly says so", () => {
    const list = [...read("docs/scenarios.md").matchAll(/^- \*\*([a-z0-9-]+)\*\*(.*)$/gm)];
    expect(list.map((m) => m[1])).toEqual(SCENARIO_NAMES);
    const byName = list.filter((m) => (m[2] ?? "").startsWith(" (only by name")).map((m) => m[1]);
    expect(byName).toEqual(SCENARIOS.filter((s) => s.byNameOnly !== null).map((s) => s.name));
  });

  it("docs/profiles.md: every top-level profile field in the table, and no field the schema lacks", () => {
    const table = section(read("docs/profiles.md"), "## Fields");
    const names = [...table.matchAll(/^\| ([^|]+) \|/gm)].map((m) => m[1] ?? "");
    let parent: string[] = [];
    const paths: string[][] = [];
    for (const cell of names) {
      for (const [, field = ""] of cell.matchAll(/`([\w.*]+)`/g)) {
        const path = field.startsWith(".") ? [...parent, ...field.slice(1).split(".")] : field.split(".");
        parent = path.slice(0, -1);
        paths.push(path);
      }
    }
    expect(paths.filter((path) => !fieldExists(path)).map((path) => path.join("."))).toEqual([]);
    expect([...new Set(paths.map((path) => path[0]))].sort()).toEqual(Object.keys(profileSchema.shape).sort());
  });

  it("docs/profiles.md: the placeholders row names every placeholder", () => {
    const row = /^\| placeholders .*$/m.exec(read("docs/profiles.md"))?.[0] ?? "";
    expect(placeholderTokens(row).sort()).toEqual([...TEMPLATE_VARIABLES].sort());
  });

  it("docs/profiles.md: the built-in profiles, every one shipped in profiles/", () => {
    const sentence = /The built-in servers are profiles in the same format \(([^)]+)\)/.exec(read("docs/profiles.md"));
    const named = [...(sentence?.[1] ?? "").matchAll(/`profiles\/([\w.-]+)`/g)].map((m) => m[1]);
    expect(named).toEqual(builtinProfilePaths().map((path) => basename(path)));
  });

  it("README: --target's built-in names and default", () => {
    const sentence = /takes a built-in name \(([^;]+); default: ([^)]+)\)/.exec(read("README.md").replace(/\s+/g, " "));
    expect([...(sentence?.[1] ?? "").matchAll(/`([\w-]+)`/g)].map((m) => m[1]).sort()).toEqual(
      [...TARGET_NAMES].sort(),
    );
    expect(sentence?.[2]).toBe(DEFAULT_TARGETS.join(" and "));
  });

  it("README: every exit code, and no other", () => {
    const codes = [...section(read("README.md"), "## Exit codes").matchAll(/^- `(\d+)`:/gm)].map((m) => Number(m[1]));
    expect(codes.sort((a, b) => a - b)).toEqual(Object.values(EXIT_CODES).sort((a, b) => a - b));
  });
});

describe("README.md", () => {
  const readme = read("README.md");

  it("should stay short, for users (at most ~250 lines; the rest is in docs/)", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(250);
  });

  it("should give the two set-up commands verbatim", () => {
    expect(readme).toContain("npm ci && npm run conformance");
    expect(readme).toMatch(/^npm test\b/m);
  });

  it("should link every page of docs/", () => {
    const pages = readdirSync(join(root, "docs")).filter((file) => file.endsWith(".md"));
    expect(pages.filter((page) => !readme.includes(`](docs/${page}`))).toEqual([]);
  });
});
