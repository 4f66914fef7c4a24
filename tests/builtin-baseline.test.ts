import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBaseline } from "../harness/cli/load-baseline.js";
import { packageRoot } from "../harness/paths.js";
import { withBaseline } from "../harness/report/baseline-compare.js";
import { baselineKey, type BaselineEntry } from "../harness/report/baseline-file.js";
import type { Verdict } from "../harness/levels.js";
import type { RunReport } from "../harness/report/run-report.js";
import { sampleReport, sampleResult } from "../harness/testing/sample-report.js";
import { BUILTIN_BASELINE, DEFAULT_TARGETS } from "../harness/targets/builtin-targets.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { CATALOGUE } from "../suites/catalogue.js";
import { resultName } from "../harness/report/run-report.js";
import {
  BALANCER_VERDICTS,
  BY_NAME_VERDICTS,
  DNS_NAME_VERDICTS,
  REPLICA_VERDICTS,
  KNOWN_VERDICTS,
  PURE_FTPD_VERDICTS,
  PYFTPDLIB_VERDICTS,
} from "./known-verdicts.js";

/**
 * Every built-in's pinned verdicts (tests/known-verdicts.ts), by target and scenario: the default
 * scenarios and those run by name (dns-name, the balancers and replicas, nat-no-helper, nft-helper). Not TLS_ONLY_VERDICTS: a variant
 * profile of the tests', not a built-in.
 */
const PINS: Record<string, Record<string, Record<string, string>>> = {
  ...KNOWN_VERDICTS,
  pyftpdlib: PYFTPDLIB_VERDICTS,
  "pure-ftpd": PURE_FTPD_VERDICTS,
};
for (const [target, pins] of Object.entries(DNS_NAME_VERDICTS)) PINS[target] = { ...PINS[target], "dns-name": pins };
for (const [target, scenarios] of Object.entries(BALANCER_VERDICTS)) PINS[target] = { ...PINS[target], ...scenarios };
for (const [target, scenarios] of Object.entries(REPLICA_VERDICTS)) PINS[target] = { ...PINS[target], ...scenarios };
for (const [scenario, targets] of Object.entries(BY_NAME_VERDICTS)) {
  for (const [target, pins] of Object.entries(targets)) PINS[target] = { ...PINS[target], [scenario]: pins };
}
const FILE = join(packageRoot(), "profiles", BUILTIN_BASELINE);
const shipped = loadBaseline(FILE, []);
const byName = (name: string) => /^([^[]+)(?:\[(.+)\])?$/.exec(name) ?? [];

/** The real deviations pinned: fail and non-strict results (not the expected failures, not info). */
function pinnedDeviations(): string[] {
  return Object.entries(PINS).flatMap(([target, scenarios]) =>
    Object.entries(scenarios).flatMap(([scenario, pins]) =>
      Object.entries(pins).flatMap(([name, pinned]) => {
        const allowed = pinned.split("|");
        const verdict = allowed.includes("fail") ? "fail" : allowed.includes("non-strict") ? "non-strict" : null;
        const [, check = "", variant] = byName(name);
        return verdict ? [`${baselineKey({ target, scenario, check, variant })}: ${verdict}`] : [];
      }),
    ),
  );
}
const listed = (entry: BaselineEntry) => `${baselineKey(entry)}: ${entry.verdict}`;

describe("tests/known-verdicts.ts", () => {
  it("should pin only results that exist: each name a check of the catalogue, with one of its variants", () => {
    const names = new Set(
      CATALOGUE.flatMap((check) =>
        (check.variants ?? [undefined]).map((variant) => resultName({ check: check.id, variant })),
      ),
    );
    const unknown = Object.entries(PINS).flatMap(([target, scenarios]) =>
      Object.entries(scenarios).flatMap(([scenario, pins]) =>
        Object.keys(pins)
          .filter((name) => !names.has(name))
          .map((name) => `${target}/${scenario} ${name}`),
      ),
    );
    expect(unknown).toEqual([]);
  });
});

describe(`profiles/${BUILTIN_BASELINE}`, () => {
  it("should list exactly the real deviations tests/known-verdicts.ts pins for the built-ins", () => {
    expect(shipped.entries.map(listed).sort()).toEqual(pinnedDeviations().sort());
  });

  it("should give each its upstream reason in one line, the server named, no placeholder left", () => {
    const servers: Record<string, string> = {
      vsftpd: "vsftpd",
      proftpd: "ProFTPD",
      pyftpdlib: "pyftpdlib",
      "pure-ftpd": "Pure-FTPd",
    };
    for (const entry of shipped.entries) {
      expect(entry.reason, listed(entry)).toMatch(new RegExp(`^${servers[entry.target]} \\d`));
      expect(entry.reason, listed(entry)).not.toMatch(/TODO|\n/);
    }
  });

  it("should make the default run's pinned verdicts pass, and a failure it does not list fail", () => {
    const defaults = SCENARIOS.filter((scenario) => scenario.byNameOnly === null).map((scenario) => scenario.name);
    const results = DEFAULT_TARGETS.flatMap((target) =>
      defaults.flatMap((scenario) =>
        Object.entries(PINS[target]?.[scenario] ?? {})
          .filter(([, pinned]) => !pinned.includes("|") && pinned !== "skipped")
          .map(([name, pinned]) => {
            const [, check = "", variant] = byName(name);
            const verdict = pinned as Verdict;
            const level = verdict === "non-strict" ? "SHOULD" : verdict === "info" ? "ADVISORY" : "MUST";
            return sampleResult({ target, scenario, check, ...(variant ? { variant } : {}), verdict, level });
          }),
      ),
    );
    expect(results.filter((r) => r.verdict === "fail").length).toBeGreaterThan(0);
    expect(withBaseline(sampleReport(results), shipped, true)).toMatchObject({
      outcome: "passed",
      baseline: { newFailures: [] },
    });
    const unadvertised = sampleResult({ target: "vsftpd", scenario: "nat", check: "address.public", verdict: "fail" });
    expect(withBaseline(sampleReport([...results, unadvertised]), shipped, false).baseline?.newFailures).toEqual([
      { target: "vsftpd", scenario: "nat", check: "address.public", verdict: "fail" },
    ]);
  });

  it("should pass the recorded built-in default run (tests/fixtures), with --baseline-strict too: none new, none fixed", () => {
    const recorded = JSON.parse(
      readFileSync(join(packageRoot(), "tests", "fixtures", "builtin-default-run.json"), "utf8"),
    ) as RunReport;
    expect(recorded.outcome).toBe("failed");
    const judged = withBaseline(recorded, shipped, true);
    expect(judged).toMatchObject({ outcome: "passed", baseline: { newFailures: [], fixed: [] } });
    expect(judged.baseline?.known.length).toBe(recorded.summary.fail + recorded.summary["non-strict"]);
  });
});
