import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import { UsageError } from "../errors.js";
import { tempDirs } from "../testing/temp-dirs.js";
import { resolveTargets } from "./resolve-targets.js";

const tempDir = tempDirs();

/** A profile with a build context beside it. */
function profile(text: string): string {
  const dir = tempDir("ftpc-resolve-");
  mkdirSync(join(dir, "ctx"));
  writeFileSync(join(dir, "ctx", "Dockerfile"), "FROM scratch\n");
  writeFileSync(join(dir, "p.yaml"), text);
  return join(dir, "p.yaml");
}

const VARIANTS = `name: own
image: { build: ./ctx }
credentials: { user: u, password: p }
passiveRange: { min: 40000, max: 40009 }
servedDirectory: /srv
configure: { environment: { MODE: default } }
variants:
  - { name: one }
  - { name: two, environment: { MODE: two } }
  - { name: three, command: [--three] }
`;

const NAMES = ["direct", "nat"];

describe("resolveTargets", () => {
  it("should give three targets for a profile with three variants, in the profile's order", () => {
    const targets = resolveTargets([profile(VARIANTS)], CATALOGUE, NAMES);
    expect(targets.map((t) => t.name)).toEqual(["own-one", "own-two", "own-three"]);
    expect(new Set(targets.map((t) => JSON.stringify(t.image))).size).toBe(1);
  });

  it("should refuse a variant whose target name another target has", () => {
    const variants = profile(VARIANTS.replace("{ name: one }", "{ name: x }"));
    const single = profile(VARIANTS.replace("name: own", "name: own-x").replace(/variants:[^]*$/, ""));
    expect(resolveTargets([single], CATALOGUE, NAMES).map((t) => t.name)).toEqual(["own-x"]);
    expect(() => resolveTargets([variants, single], CATALOGUE, NAMES)).toThrow(UsageError);
    expect(() => resolveTargets([variants, single], CATALOGUE, NAMES)).toThrow("two targets are named 'own-x'");
  });

  it("should refuse a profile naming a scenario that does not exist, naming the field", () => {
    const unknown = profile(VARIANTS.replace("variants:", "applies: { scenarios: [direct, nat-alG] }\nvariants:"));
    expect(() => resolveTargets([unknown], CATALOGUE, NAMES)).toThrow(
      "applies.scenarios[1]: 'nat-alG' is not a scenario (direct, nat)",
    );
  });
});
