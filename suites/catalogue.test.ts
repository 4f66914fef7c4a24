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

  it("should say of every check whether it runs beside others (CheckDefinition.concurrency): samplers of the range alone, one check last", () => {
    const undeclared = CATALOGUE.filter((check) => check.concurrency === undefined).map((check) => check.id);
    expect(undeclared).toEqual([]);
    const alone = CATALOGUE.filter((check) => check.concurrency === "alone").map((check) => check.id);
    // The port-sampling, listener and exhaustion checks hold or sample the passive range.
    for (const id of CATALOGUE.map((check) => check.id).filter((id) => /^(ports|listener)\./.test(id))) {
      expect(alone, id).toContain(id);
    }
    // The server's own liveness, after everything else: the catalogue's last check.
    expect(CATALOGUE.filter((check) => check.concurrency === "last")).toEqual([CATALOGUE.at(-1)]);
  });
});
