import { afterAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import { EXPLAINED_VERDICTS } from "./diagnose.js";
import { runFindings } from "../report/run-report.js";
import { PRIVATE_SIDE, runSuiteAgainstFake } from "../testing/fake-environment.js";
import { faults } from "../testing/fake-server/faults.js";
import { startLocalAgents } from "../testing/local-agent.js";

const agents = startLocalAgents();
afterAll(() => agents.close());

/**
 * The server of issue 19's first example: it cannot advertise its public address (its 227 names its
 * private 192.168.7.7) and ignores the declared passive range (it takes whatever port the kernel gives
 * while its profile declares 30000-30009), behind a gateway forwarding the declared range.
 */
describe("diagnoses of a server that advertises its private address and ignores its declared range", () => {
  it("should name at most two causes in nat that together explain every failure, with the fixes", async () => {
    const declared = { min: 30000, max: 30009 };
    const run = await runSuiteAgainstFake(
      agents,
      CATALOGUE,
      { sets: [faults.pasvAddress("192.168.7.7")] },
      { scenario: "nat", network: PRIVATE_SIDE, target: { passiveRange: declared }, forwardedPorts: declared },
    );
    const report = runFindings(run.results, run.rootCauses, false);
    const failing = report.results.filter((r) => EXPLAINED_VERDICTS.includes(r.verdict));
    expect(failing.length).toBeGreaterThan(2);
    expect(report.diagnoses.map((d) => d.rule).sort()).toEqual([
      "advertises-private-address",
      "ignores-declared-range",
    ]);
    expect(failing.filter((r) => !r.diagnosis).map((r) => `${r.check}: ${r.observed}`)).toEqual([]);
    const byRule = Object.fromEntries(report.diagnoses.map((d) => [d.rule, d]));
    expect(byRule["advertises-private-address"]?.finding).toContain("192.168.7.7");
    expect(byRule["advertises-private-address"]?.fixes.join(" ")).toContain("set fake_public_address=127.0.0.1");
    expect(byRule["ignores-declared-range"]?.finding).toMatch(/ports outside 30000-30009/);
    expect(byRule["ignores-declared-range"]?.fixes.join(" ")).toContain("fake_range=30000-30009");
  }, 120_000);
});
