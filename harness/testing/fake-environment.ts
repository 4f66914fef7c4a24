import type { Timeouts } from "../checks/check-context.js";
import type { NetworkFacts, PortRange, ServerHealth } from "../topology/network-facts.js";
import type { CheckDefinition } from "../checks/check-definition.js";
import type { CheckResult } from "../checks/check-result.js";
import type { PairBudget } from "../checks/pair-budget.js";
import { runCheck, runChecks, type SuiteEnvironment, type SuiteRun } from "../checks/run-checks.js";
import { fixtureFiles } from "../fixtures/fixture-files.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { type ScenarioName } from "../topology/scenario.js";
import { SCENARIOS } from "../topology/scenarios.js";
import { startFakeFtpServer, type FakeBehaviour, settings } from "./fake-ftp-server.js";
import { INTRUDER_ADDRESS, type LocalAgents } from "./local-agent.js";

/** Short limits, so that a hanging fake fails a check in well under a second. */
/**
 * A private side for nat-unadvertised self-tests: an advertised 192.168.7.x is the server's own
 * private address, which the local agent (loopback only) refuses to dial, as a topology has no
 * route to it.
 */
export const PRIVATE_SIDE: Partial<NetworkFacts> = { serverAddress: "192.168.7.7", privateSubnets: ["192.168.7.0/24"] };

export const FAST_TIMEOUTS: Timeouts = { replyMs: 400, dataConnectMs: 500, transferMs: 1500, checkMs: 4000 };

export const FAKE_TARGET: TargetSpec = {
  name: "fake",
  origin: "the harness's self-tests",
  image: { kind: "ref", ref: "none" },
  controlPort: 0,
  credentials: { user: "tester", password: "s3cret-pass" },
  passiveRange: { min: 1024, max: 65535 },
  acceptTimeoutSeconds: 0.3,
  servedDirectory: "/",
  environment: () => ({}),
  command: () => null,
  configFiles: () => [],
  servedFiles: [],
  capabilities: [],
  init: false,
  startup: { timeoutMs: 1000 },
  takesPublicName: false,
  scenarios: null,
  ipv6: true,
  skip: [],
  levels: [],
  settings: {
    publicAddress: (address) => `set fake_public_address=${address}`,
    passiveRange: (min, max) => `fake_range=${min}-${max}`,
    foreignDataRefused: "fake_promiscuous=off",
    portRestricted: "fake_port_any=off",
    acceptTimeout: "fake_accept_timeout",
    rangeExhausted: "fake_range_exhausted",
  },
};

export interface FakeRunOptions {
  scenario?: ScenarioName;
  health?: ServerHealth;
  /** The server's health each time it is asked (a server that exits mid-run). */
  healthOf?: () => ServerHealth;
  strict?: boolean;
  /** The ports a (pretend) gateway forwards. */
  forwardedPorts?: PortRange;
  /** Where things are, when a test needs a private side (the fake itself is on `host`). */
  network?: Partial<NetworkFacts>;
  /**
   * The loopback address the fake listens on and every address of the network facts: 127.0.0.1 unless
   * set; ::1 for IPv6 (the intruder then shares it: loopback has no second IPv6 address).
   */
  host?: string;
  /** Limits other than FAST_TIMEOUTS. */
  timeouts?: Timeouts;
  /** Overrides of the fake target's declarations, e.g. a narrow passive range. */
  target?: Partial<TargetSpec>;
  /** A pair's time budget for a check run alone (runChecks makes its own from the target's). */
  budget?: PairBudget;
}

const host = (options: FakeRunOptions): string => options.host ?? "127.0.0.1";

/** The fake's behaviour, listening where the options say. */
const listening = (behaviour: FakeBehaviour, options: FakeRunOptions): FakeBehaviour =>
  options.host ? { ...behaviour, sets: [...(behaviour.sets ?? []), settings.listenOn(options.host)] } : behaviour;

/** The environment of a suite against a fake server listening on `port`. */
function fakeEnvironment(agents: LocalAgents, port: number, options: FakeRunOptions): SuiteEnvironment {
  const scenario = SCENARIOS.find((s) => s.name === (options.scenario ?? "direct"));
  if (!scenario) throw new Error(`no scenario ${options.scenario}`);
  return {
    target: { ...FAKE_TARGET, ...options.target, controlPort: port },
    scenario,
    network: {
      control: { host: host(options), port },
      publicAddress: host(options),
      serverAddress: host(options),
      privateSubnets: [],
      clientAddress: host(options),
      clientPrivateAddress: null,
      intruderAddress: options.host ? options.host : INTRUDER_ADDRESS,
      forwardedPorts: options.forwardedPorts ?? null,
      ...options.network,
    },
    client: agents.client,
    intruder: agents.intruder,
    fixtures: fixtureFiles(),
    timeouts: options.timeouts ?? FAST_TIMEOUTS,
    serverHealth: async () => options.healthOf?.() ?? options.health ?? { running: true, exitCode: null, logTail: "" },
    ...(options.budget ? { budget: options.budget } : {}),
  };
}

/** Runs one check (each variant) against a fake server on loopback, through the real agent. */
export async function runAgainstFake(
  agents: LocalAgents,
  check: CheckDefinition,
  behaviour: FakeBehaviour,
  options: FakeRunOptions = {},
): Promise<CheckResult[]> {
  const server = await startFakeFtpServer(listening(behaviour, options));
  const environment = fakeEnvironment(agents, server.port, options);
  try {
    const results: CheckResult[] = [];
    for (const variant of check.variants ?? [undefined]) {
      results.push(await runCheck(environment, check, variant, options.strict ?? false));
    }
    return results;
  } finally {
    await server.close();
  }
}

/** Runs checks in order as a real run does (preflight, root causes) against one fake server. */
export async function runSuiteAgainstFake(
  agents: LocalAgents,
  checks: readonly CheckDefinition[],
  behaviour: FakeBehaviour,
  options: FakeRunOptions = {},
): Promise<SuiteRun> {
  const server = await startFakeFtpServer(listening(behaviour, options));
  try {
    return await runChecks(fakeEnvironment(agents, server.port, options), checks, { strict: options.strict ?? false });
  } finally {
    await server.close();
  }
}
