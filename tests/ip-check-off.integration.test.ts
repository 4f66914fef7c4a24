import { beforeAll, describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import { DEFAULT_TIMEOUTS } from "../harness/checks/check-context.js";
import { runChecks } from "../harness/checks/run-checks.js";
import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { resolveBaseImage } from "../harness/images/base-image.js";
import { ensureRoleImages } from "../harness/images/role-images.js";
import { silentProgress } from "../harness/progress.js";
import { newRunIdentity } from "../harness/resources/labels.js";
import { resultName } from "../harness/report/run-report.js";
import { builtinTarget } from "../harness/targets/builtin-targets.js";
import { ensureTargetImage } from "../harness/images/target-image.js";
import type { TargetSpec } from "../harness/targets/target-spec.js";
import { buildTopology } from "../harness/topology/build-topology.js";
import { SCENARIOS } from "../harness/topology/scenarios.js";
import { CATALOGUE } from "../suites/catalogue.js";
import { KNOWN_VERDICTS } from "./known-verdicts.js";

/** A built-in server with one line added to its configuration. */
function withExtraConfig(target: TargetSpec, line: string): TargetSpec {
  return { ...target, environment: (facts) => ({ ...target.environment(facts), FTP_EXTRA_CONFIG: line }) };
}

/**
 * With each server's data-connection IP check switched off, the real servers hand the file to the
 * intruder: data.foreign-refused must fail, and only the checks that depend on it may change.
 */
describe.each([
  // vsftpd keeps passive (pasv_promiscuous) and active (port_promiscuous) checks apart.
  ["vsftpd", withExtraConfig(builtinTarget("vsftpd"), "pasv_promiscuous=YES"), "pasv_promiscuous=YES", []],
  // ProFTPD's one AllowForeignAddress also lets PORT/EPRT name other hosts: bounces open up too.
  [
    "proftpd",
    withExtraConfig(builtinTarget("proftpd"), "AllowForeignAddress on"),
    "AllowForeignAddress on",
    ["data.bounce-refused"],
  ],
])("%s with the IP check off", { timeout: 180000 }, (_name, target, setting, alsoChanged) => {
  let docker: Dockerode;
  const identity = newRunIdentity();
  const scenario = SCENARIOS.find((s) => s.name === "nat");
  let verdicts: Record<string, string>;
  let observed: Record<string, string>;

  beforeAll(async () => {
    if (!scenario) throw new Error("no nat scenario");
    docker = await ensureEngine(silentProgress);
    const base = await resolveBaseImage(docker, silentProgress);
    const images = await ensureRoleImages(docker, ["gateway", "client"], base, silentProgress);
    const server = await ensureTargetImage(docker, target, base, silentProgress);
    const topology = await buildTopology(docker, {
      target,
      scenario,
      identity,
      fixtures: fixtureFiles(),
      images: { gateway: images.gateway, client: images.client, server },
    });
    try {
      const { results } = await runChecks(
        { target, scenario, ...topology, timeouts: DEFAULT_TIMEOUTS, fixtures: fixtureFiles() },
        CATALOGUE,
        { strict: false },
      );
      verdicts = Object.fromEntries(results.map((r) => [resultName(r), r.verdict]));
      observed = Object.fromEntries(results.map((r) => [resultName(r), r.observed]));
    } finally {
      await topology.teardown();
    }
  }, 180000);

  it(`should fail data.foreign-refused (${setting}) with the intruder holding the file`, () => {
    expect(verdicts["data.foreign-refused"]).toBe("fail");
    expect(observed["data.foreign-refused"]).toMatch(
      /^the intruder connected, was closed after \d+ ms, and received 1048576 bytes;/,
    );
    expect(observed["data.foreign-refused"]).toContain("the server sent one-mib.bin to a host that is not the client");
  });

  it("should change only the verdicts that depend on that setting", () => {
    const known = KNOWN_VERDICTS[target.name]?.nat ?? {};
    const changed = Object.keys(verdicts).filter((name) => verdicts[name] !== (known[name] ?? "pass"));
    // The client's own transfer may or may not survive the intruder now, and the same setting governs
    // the intruder attempt under TLS (tls.foreign-refused); nothing else may move.
    const mayChange = ["data.foreign-refused", "data.client-survives-intruder", "tls.foreign-refused", ...alsoChanged];
    expect(changed.filter((name) => !mayChange.includes(name))).toEqual([]);
    expect(changed).toEqual(expect.arrayContaining(["data.foreign-refused", ...alsoChanged]));
  });
});
