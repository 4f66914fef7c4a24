import type Dockerode from "dockerode";
import { controlPorts } from "../capture/control-ports.js";
import type { CaptureSettings } from "../capture/capture-settings.js";
import type { CheckDefinition } from "../checks/check-definition.js";
import { timeoutsFor } from "../checks/check-context.js";
import type { CheckResult } from "../checks/check-result.js";
import { runChecks, type SuiteRun } from "../checks/run-checks.js";
import { sharedPoolSize } from "../checks/shared-pool.js";
import { ProfileError } from "../errors.js";
import { fixtureFiles } from "../fixtures/fixture-files.js";
import { resolveBaseImage } from "../images/base-image.js";
import { ensureRoleImages, removeRetiredImages } from "../images/role-images.js";
import { ensureTargetImage } from "../images/target-image.js";
import { packageVersion } from "../paths.js";
import type { Progress } from "../progress.js";
import { removeResources } from "../resources/cleanup.js";
import type { RunIdentity } from "../resources/labels.js";
import { startWatchdog } from "../resources/watchdog.js";
import {
  REPORT_SCHEMA_VERSION,
  resultName,
  runFindings,
  undecidedCount,
  type RunReport,
} from "../report/run-report.js";
import { writeCaptures } from "../report/write-captures.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { buildTopology, ServerWithoutIpv6 } from "../topology/build-topology.js";
import { Ipv6Unavailable } from "../topology/create-network.js";
import { choosePools } from "../topology/engine-host-routes.js";
import { DEFAULT_POOLS, type SubnetPools } from "../topology/subnets.js";
import { ftpHelperOnPath, type Scenario, type ScenarioSpec } from "../topology/scenario.js";
import { mapLimited } from "../util/map-limited.js";
import { explainWithCaptures } from "./attach-captures.js";
import { startOrder } from "./start-order.js";
import { slots } from "../util/slots.js";
import { BusyClock } from "../util/busy-clock.js";
import { unmeasuredPair, writeTimings, type PairTiming } from "./pair-timings.js";

/**
 * Topologies built at once, however many are probed at once: builds contend in the engine (its
 * network set-up and firewall calls take a lock), so ten built together took ~9 s each where four
 * took 4-7 s, and a pair's checks start sooner. Measured on 2 cores with --concurrency 16: the
 * default run's wall time is the same with 3 or 4 (44-45 s) and longer with 2 (49 s).
 */
const BUILDS_AT_ONCE = 4;

export interface RunRequest {
  targets: readonly TargetSpec[];
  scenarios: readonly Scenario[];
  checks: readonly CheckDefinition[];
  strict: boolean;
  /** Target x scenario topologies built and probed at once. */
  concurrency: number;
  /** Run only every n-th target x scenario pair, from the i-th (1-based): one CI runner's share. */
  shard?: Shard;
  /** Packet captures of each pair, linked from its findings; none when absent. */
  captures?: CaptureSettings;
  /** The ranges networks are cut from (--subnets); the default pools when absent. */
  pools?: SubnetPools;
  /** Where to write the run's timings (pair-timings.ts), for the bench; none when absent. */
  timingsFile?: string;
}

export interface Shard {
  index: number;
  count: number;
}

/** The target x scenario pairs a run covers: each target in the scenarios its profile takes part in, then this shard's share. */
export function runMatrix<S extends ScenarioSpec>(
  targets: readonly TargetSpec[],
  scenarios: readonly S[],
  shard?: Shard,
): Array<{ target: TargetSpec; scenario: S }> {
  const all = targets.flatMap((target) =>
    scenarios
      .filter((s) => target.scenarios === null || target.scenarios.includes(s.name))
      .map((scenario) => ({ target, scenario })),
  );
  return shard ? all.filter((_pair, i) => i % shard.count === shard.index - 1) : all;
}

/** A pair not run: the run was abandoned before or while it ran. */
const NOTHING_RUN: SuiteRun = { results: [], rootCauses: [] };

/** Images every topology needs besides the servers'. */
const TOPOLOGY_ROLES = ["gateway", "client"] as const;
/** Servers' images built at once beside the topology's (targets sharing a context build it once: withBuildLock). */
const MAX_TARGET_BUILDS = 2;

/** Builds the images, then each target x scenario topology in turn (a few at once), and runs the checks. */
export async function runConformance(
  docker: Dockerode,
  request: RunRequest,
  identity: RunIdentity,
  progress: Progress,
): Promise<RunReport> {
  const startedAt = new Date();
  const left = await removeResources(docker, { abandoned: true });
  if (left.containers + left.networks > 0) {
    progress.step(`removed ${left.containers} containers and ${left.networks} networks left by an interrupted run`);
  }
  const base = await resolveBaseImage(docker, progress);
  const matrix = runMatrix(request.targets, request.scenarios, request.shard);
  const targets = [...new Set(matrix.map((pair) => pair.target))];
  // The topology's images and the servers' do not depend on each other: on a machine without them
  // they build side by side. Each build ends before a failure is reported, so none outlives the run.
  const [roleImages, targetImages] = await Promise.allSettled([
    ensureRoleImages(docker, TOPOLOGY_ROLES, base, progress),
    mapLimited(targets, MAX_TARGET_BUILDS, (target) =>
      ensureTargetImage(docker, target, base, progress).then(
        (image) => ({ image }),
        (error: unknown) => ({ error }),
      ),
    ),
  ]);
  if (roleImages.status === "rejected") throw roleImages.reason;
  if (targetImages.status === "rejected") throw targetImages.reason;
  const images = roleImages.value;
  const serverImages = new Map<TargetSpec, string>();
  for (const [i, built] of targetImages.value.entries()) {
    if ("error" in built) throw built.error;
    serverImages.set(targets[i] as TargetSpec, built.image);
  }
  const retired = await removeRetiredImages(docker);
  if (retired > 0) progress.step(`removed ${retired} images of an older ftp-conformance layout`);

  // The engine host's own routes take slots out of the pools before any network is made.
  const pools = await choosePools(docker, request.pools ?? DEFAULT_POOLS, images.gateway, identity, progress);
  const watchdog = await startWatchdog(docker, identity, images.client, progress);
  const fixtures = fixtureFiles();
  /** A refused login (the profile's credentials) abandons the whole run: exit 2 once it is cleaned up. */
  let abandoned: Error | undefined;
  const order = startOrder(matrix, ({ target, scenario }) => sharedPoolSize(scenario, target) === 1);
  const timings: PairTiming[] = [];
  const building = slots(BUILDS_AT_ONCE);
  const pairsStarted = performance.now();
  const started = await mapLimited(
    order.map((index) => matrix[index] as (typeof matrix)[number]),
    request.concurrency,
    async ({ target, scenario }): Promise<SuiteRun> => {
      const label = `${target.name} / ${scenario.name}`;
      if (abandoned) return NOTHING_RUN;
      const inapplicable = ipv6Inapplicable(target, scenario) ?? publicNameInapplicable(target, scenario);
      if (inapplicable) {
        progress.step(`${label}: skipped, ${inapplicable}`);
        const why = notRun(inapplicable);
        return {
          results: request.checks.flatMap((check) => notRunResults(check, target, scenario, why)),
          rootCauses: [],
        };
      }
      progress.step(`${label}: building topology`);
      const pairStarted = performance.now();
      const timing = unmeasuredPair(target.name, scenario.name, pairStarted - pairsStarted);
      let topology;
      try {
        topology = await building(() =>
          buildTopology(docker, {
            target,
            scenario,
            identity,
            fixtures,
            pools,
            images: { gateway: images.gateway, client: images.client, server: serverImages.get(target) as string },
            ...(request.captures ? { captures: request.captures } : {}),
          }),
        );
      } catch (error) {
        progress.warn(`${label}: ${(error as Error).message}`);
        const why = unbuiltReason(error as Error);
        return {
          results: request.checks.flatMap((check) => notRunResults(check, target, scenario, why)),
          rootCauses: [],
        };
      }
      timing.buildMs = performance.now() - pairStarted;
      timings.push(timing);
      const waiting = new BusyClock();
      topology.client.countWaitsOn(waiting);
      topology.intruder.countWaitsOn(waiting);
      const checksStarted = performance.now();
      try {
        progress.step(`${label}: running ${request.checks.length} checks`);
        const run = await runChecks(
          {
            target,
            scenario,
            network: topology.network,
            client: topology.client,
            intruder: topology.intruder,
            fixtures,
            timeouts: timeoutsFor(target),
            serverHealth: topology.serverHealth,
            ...(topology.connectionTable ? { connectionTable: topology.connectionTable } : {}),
            ...(topology.replicaCounters ? { replicaCounters: topology.replicaCounters } : {}),
          },
          request.checks,
          {
            strict: request.strict,
            aborted: () => abandoned !== undefined,
            onTimed: ({ startedAt, ...check }) => timing.checks.push({ ...check, startMs: startedAt - checksStarted }),
          },
        );
        timing.checksMs = performance.now() - checksStarted;
        timing.waitingOnTopologyMs = waiting.busyMs();
        const failing = run.results.filter((r) => r.verdict === "fail" || r.verdict === "error").map(resultName);
        const undecided = undecidedCount(run.results);
        progress.step(
          `${label}: done${failing.length > 0 ? `, failing: ${failing.join(", ")}` : ""}` +
            `${undecided > 0 ? `, ${undecided} left undecided (out of time)` : ""}`,
        );
        // The topology hands its captures over; the files go beside the report, named by pair.
        const pair = { target: target.name, scenario: scenario.name };
        const reportDir = request.captures?.reportDir;
        const capturesStarted = performance.now();
        const captured = await topology
          .collectCaptures()
          .then((packets) => (packets && reportDir ? writeCaptures(packets, reportDir, pair) : null))
          .catch((error: Error) => {
            progress.warn(`${label}: the packet captures could not be copied out: ${error.message}`);
            return null;
          });
        timing.capturesMs = performance.now() - capturesStarted;
        if (!captured) return run;
        const helper = { ftpHelper: ftpHelperOnPath(scenario), controlPorts: controlPorts(target) };
        return { ...run, results: explainWithCaptures(run.results, captured, helper) };
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        abandoned ??= error;
        return NOTHING_RUN;
      } finally {
        const teardownStarted = performance.now();
        await topology.teardown();
        timing.teardownMs = performance.now() - teardownStarted;
      }
    },
  );
  const pairsWallMs = performance.now() - pairsStarted;
  await watchdog.stop();
  await removeResources(docker, { runId: identity.runId });
  const perCombination: SuiteRun[] = new Array(matrix.length);
  order.forEach((index, i) => (perCombination[index] = started[i] as SuiteRun));

  if (abandoned) throw abandoned;
  if (request.timingsFile) await writeTimings(request.timingsFile, { pairsWallMs, pairs: timings });
  const results = perCombination.flatMap((run) => run.results);
  const finishedAt = new Date();
  return {
    tool: { name: "ftp-conformance", version: packageVersion() },
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: identity.runId,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    strict: request.strict,
    ...(request.shard ? { shard: `${request.shard.index}/${request.shard.count}` } : {}),
    targets: targets.map((t) => t.name),
    scenarios: request.scenarios.map((s) => s.name).filter((s) => matrix.some((pair) => pair.scenario.name === s)),
    pairs: matrix.map((pair) => `${pair.target.name}/${pair.scenario.name}`),
    ...runFindings(
      results,
      perCombination.flatMap((run) => run.rootCauses),
      request.strict,
    ),
  };
}

/** Why an IPv6 scenario does not apply to a target whose profile says it has no IPv6, or null. */
function ipv6Inapplicable(target: TargetSpec, scenario: ScenarioSpec): string | null {
  return scenario.family === "ipv6" && !target.ipv6
    ? `the profile says ${target.name} has no IPv6 (applies.ipv6: false)`
    : null;
}

/** Why a scenario that tells the server a host name does not apply to a target whose profile cannot take one, or null. */
function publicNameInapplicable(target: TargetSpec, scenario: ScenarioSpec): string | null {
  return scenario.advertisesPublicName && !target.takesPublicName
    ? `the profile of ${target.name} takes no {{publicName}}: the server cannot be told a host name`
    : null;
}

/** A failed build: skipped where the engine has no IPv6 or the server does not listen on it, else an error. */
function unbuiltReason(error: Error): NotRun {
  if (error instanceof ServerWithoutIpv6) return notRun(error.message);
  if (error.cause instanceof Ipv6Unavailable) {
    return notRun(`${error.cause.message}; this scenario needs an engine that creates IPv6 networks`);
  }
  return { verdict: "error", observed: `topology could not be built: ${error.message}` };
}

/** How a pair's checks that did not run are reported: an error, or skipped as not run. */
type NotRun = Pick<CheckResult, "verdict" | "observed" | "skipKind">;

const notRun = (reason: string): NotRun => ({
  verdict: "skipped",
  observed: reason,
  skipKind: "not-run",
});

/**
 * A pair whose checks did not run: where the topology could not be built each check is an error,
 * never a silent pass; where the scenario cannot apply to this engine or server (no IPv6), each is
 * skipped with that reason.
 */
function notRunResults(check: CheckDefinition, target: TargetSpec, scenario: ScenarioSpec, why: NotRun): CheckResult[] {
  return (check.variants ?? [undefined]).map((variant) => ({
    target: target.name,
    scenario: scenario.name,
    check: check.id,
    ...(variant ? { variant } : {}),
    level: check.level,
    source: check.source,
    requirement: check.requirement,
    verdict: why.verdict,
    expected: "a working topology",
    observed: why.observed,
    ...(why.skipKind ? { skipKind: why.skipKind } : {}),
    transcript: [],
    durationMs: 0,
  }));
}
