import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { runToReport } from "./run-cli.js";

/** The README's example profile for an image of your own, run with the README's one command. */
describe("the documented example profile (examples/custom-vsftpd)", { timeout: 300000 }, () => {
  let report: RunReport;
  let code: number | null;

  beforeAll(async () => {
    ({ code, report } = await runToReport([
      "--target",
      "examples/custom-vsftpd/profile.yaml",
      "--scenario",
      "direct,nat",
    ]));
  }, 300000);

  it("should pass: the profile grades vsftpd's EPSV ALL deviation SHOULD, with its reason in the report", () => {
    expect(code).toBe(0);
    const epsvAll = report.results.filter((r) => r.check === "epsv.all");
    expect(epsvAll.map((r) => [r.level, r.verdict])).toEqual([
      ["SHOULD", "non-strict"],
      ["SHOULD", "non-strict"],
    ]);
    expect(epsvAll[0]?.note).toContain(
      "graded SHOULD instead of MUST by the target's profile: vsftpd 3.0.3 accepts EPRT",
    );
  });

  it("should render the scenario's public address into the config file, and the range the profile declares", () => {
    const nat = report.results.find((r) => r.scenario === "nat" && r.check === "address.public");
    expect(nat?.verdict).toBe("pass");
    const ports = report.results.find((r) => r.scenario === "nat" && r.check === "ports.in-range");
    expect(ports?.observed).toMatch(/^50 replies, ports 400\d\d/);
  });
});
