import { describe, expect, it } from "vitest";
import { idLiteral, locateChecks, readSuiteFiles } from "../harness/docs/check-locations.js";
import { packageRoot } from "../harness/paths.js";
import { CATALOGUE } from "./catalogue.js";

describe("the catalogue", () => {
  const { locations, unfound, untested } = locateChecks(
    CATALOGUE.map((check) => check.id),
    readSuiteFiles(packageRoot()),
  );

  it('should define every check where `grep -rn \'"<id>"\' suites/` finds it: one literal id: "<id>" per check', () => {
    expect(unfound).toEqual([]);
    const files = readSuiteFiles(packageRoot());
    for (const check of CATALOGUE) {
      const file = files.find((f) => f.path === locations.get(check.id)?.file);
      expect(file?.path, check.id).toMatch(/^suites\/[\w-]+\.ts$/);
      expect(file?.text).toContain(idLiteral(check.id));
    }
  });

  it("should give every check a self-test in suites/ that imports its definition or names it", () => {
    expect(untested).toEqual([]);
    for (const check of CATALOGUE) {
      for (const test of locations.get(check.id)?.selfTests ?? []) expect(test).toMatch(/^suites\/[\w-]+\.test\.ts$/);
    }
  });
});
