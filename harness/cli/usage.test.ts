import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import { checkTokens, namesCheck, scenarioTokens } from "../docs/registry-names.js";
import { builtinTargets, DEFAULT_TARGETS } from "../targets/builtin-targets.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { COMMAND_NAMES } from "./command-options.js";
import { commandUsage, USAGE, usageFor } from "./usage.js";

const runHelp = commandUsage("run");
const flat = (text: string) => text.replace(/\s+/g, " ");
/** An option's help in `run --help`, its lines joined. */
const optionHelp = (flag: string) => flat(new RegExp(`^  ${flag} \\S+ +([^]*?)\\n  -`, "m").exec(runHelp)?.[1] ?? "");

describe("run --help", () => {
  it("should name every scenario, in run order, and no other", () => {
    const named = /one of ([^;]+);/.exec(optionHelp("--scenario"))?.[1]?.split(", ");
    expect(named).toEqual(SCENARIOS.map((scenario) => scenario.name));
  });

  it("should say which scenarios run by default: all but those run only by name", () => {
    const byName = SCENARIOS.filter((scenario) => scenario.byNameOnly !== null).map((scenario) => scenario.name);
    expect(byName.length).toBeGreaterThan(0);
    const listed = byName.length === 1 ? byName.join("") : `${byName.slice(0, -1).join(", ")} and ${byName.at(-1)}`;
    expect(optionHelp("--scenario")).toContain(`(default: every scenario but ${listed}, which run`);
    expect(optionHelp("--scenario")).not.toContain("default: all");
  });

  it("should name every built-in target and the default ones", () => {
    const named = /a built-in server \(([^)]+)\)/.exec(optionHelp("--target"))?.[1]?.split(", ");
    expect(named).toEqual(builtinTargets().map((target) => target.name));
    expect(optionHelp("--target")).toContain(`(default: ${DEFAULT_TARGETS.join(" and ")})`);
  });
});

describe("every --help", () => {
  it.each([undefined, ...COMMAND_NAMES])("should name only checks and scenarios that exist (%s)", (command) => {
    const text = usageFor(command);
    expect(checkTokens(text, CATALOGUE).filter((token) => !namesCheck(token, CATALOGUE))).toEqual([]);
    const names = SCENARIOS.map((scenario) => scenario.name);
    expect(scenarioTokens(text, names).filter((token) => !names.includes(token))).toEqual([]);
  });

  it("should be the overall usage without a command", () => {
    expect(usageFor(undefined)).toBe(USAGE);
  });
});
