import { describe, expect, it } from "vitest";
import { runSuiteAgainstFake } from "../testing/fake-environment.js";
import { localAgents } from "../testing/agents-fixture.js";
import { settings } from "../testing/fake-ftp-server.js";
import { SCENARIOS } from "../topology/scenarios.js";
import type { CheckConcurrency, CheckDefinition } from "./check-definition.js";
import { fail, pass } from "./outcome.js";
import { MAX_SHARED_CHECKS, sharedPoolSize } from "./shared-pool.js";
import { sleep } from "../util/deadline.js";

const scenario = (name: string) => {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
};
const range = (size: number) => ({ passiveRange: { min: 30000, max: 30000 + size - 1 } });

describe("sharedPoolSize", () => {
  it.each([
    [10, 4],
    [5, 2],
    [4, 1],
    [3, 1],
    [1, 1],
    [1000, MAX_SHARED_CHECKS],
  ])("should run at most two fifths of a range of %i ports at once, below the range minus two: %i", (size, pool) => {
    expect(sharedPoolSize(scenario("nat"), range(size))).toBe(pool);
  });

  it.each([
    "nat-alg",
    "client-nat-alg",
    "lb-snat",
    "lb-snat-pool",
    "userland-proxy",
    "lb-replicas",
    "lb-replicas-affinity",
  ])("should run every check of %s one at a time (state kept across sessions on the path)", (name) => {
    expect(sharedPoolSize(scenario(name), range(1000))).toBe(1);
  });
});

/** What the checks below did, in order: `start <id>` and `end <id>`. */
type Log = string[];

/**
 * A check that logs its start and end, and ends only once `after` has ended (no wall-clock wait):
 * run one at a time, a check waiting for a later one would never end.
 */
class GatedCheck implements CheckDefinition {
  readonly title: string;
  readonly source = "-";
  readonly requirement = "-";
  readonly level = "MUST" as const;
  private markEnded: () => void = () => {};
  readonly ended = new Promise<void>((resolve) => (this.markEnded = resolve));

  constructor(
    private readonly log: Log,
    readonly id: string,
    readonly concurrency: CheckConcurrency,
    private readonly after: readonly GatedCheck[] = [],
    private readonly failing = false,
  ) {
    this.title = id;
  }

  async run() {
    this.log.push(`start ${this.id}`);
    await Promise.all(this.after.map((check) => check.ended));
    this.log.push(`end ${this.id}`);
    this.markEnded();
    return this.failing ? fail("pass", "a failure") : pass("pass", "passed");
  }
}

describe("runChecks with shared checks", { timeout: 30000 }, () => {
  const agents = localAgents();

  it("should run shared checks at once, an alone check with nothing beside it, the last one last, results in catalogue order", async () => {
    const log: Log = [];
    const fast = new GatedCheck(log, "a.fast", "shared");
    const slow = new GatedCheck(log, "a.slow", "shared", [fast]);
    const cTwo = new GatedCheck(log, "c.two", "shared");
    const checks = [
      slow,
      fast,
      new GatedCheck(log, "b.alone", "alone"),
      new GatedCheck(log, "c.one", "shared", [cTwo]),
      cTwo,
      new GatedCheck(log, "z.last", "last"),
    ];
    const run = await runSuiteAgainstFake(agents, checks, {});
    expect(run.results.map((r) => [r.check, r.verdict])).toEqual(checks.map((c) => [c.id, "pass"]));
    expect(log).toEqual([
      "start a.slow",
      "start a.fast",
      "end a.fast",
      "end a.slow",
      "start b.alone",
      "end b.alone",
      "start c.one",
      "start c.two",
      "end c.two",
      "end c.one",
      "start z.last",
      "end z.last",
    ]);
  });

  it("should not wait for a check that does not apply here, whatever it declares", async () => {
    const log: Log = [];
    const fast = new GatedCheck(log, "a.fast", "shared");
    const slow = new GatedCheck(log, "a.slow", "shared", [fast]);
    const inapplicable = Object.assign(new GatedCheck(log, "b.not-here", "alone"), {
      notApplicable: () => "not in this scenario",
    });
    const run = await runSuiteAgainstFake(agents, [slow, inapplicable, fast], {});
    // a.fast started beside a.slow although a check that runs alone came between them in the catalogue.
    expect(log).toEqual(["start a.slow", "start a.fast", "end a.fast", "end a.slow"]);
    expect(run.results.map((r) => [r.check, r.verdict])).toEqual([
      ["a.slow", "pass"],
      ["b.not-here", "not-applicable"],
      ["a.fast", "pass"],
    ]);
  });

  it("should stop launching once a shared check fails, let the running ones finish, and probe before the next", async () => {
    const log: Log = [];
    const fails = new GatedCheck(log, "a.fails", "shared", [], true);
    // The pool is full when the failure comes: the others end only after it.
    const held = Array.from(
      { length: MAX_SHARED_CHECKS - 1 },
      (_, i) => new GatedCheck(log, `a.held-${i + 1}`, "shared", [fails]),
    );
    const after = new GatedCheck(log, "a.after", "shared");
    let sessions = 0;
    const run = await runSuiteAgainstFake(agents, [fails, ...held, after], {
      sets: [settings.greeting(() => (++sessions, "220 ready"))],
    });
    const at = (line: string) => log.indexOf(line);
    for (const check of held) expect(at(`start ${check.id}`)).toBeLessThan(at("end a.fails"));
    for (const check of held) expect(at("start a.after")).toBeGreaterThan(at(`end ${check.id}`));
    // The preflight's session and the probe's after the failure: the checks above open none.
    expect(sessions).toBe(2);
    expect(run.rootCauses).toEqual([]);
    expect(run.results.map((r) => r.verdict)).toEqual(["fail", ...held.map(() => "pass"), "pass"]);
  });

  /** A shared check named `id` that runs `run`. */
  const sharedCheck = (id: string, run: CheckDefinition["run"], activeMode = false): CheckDefinition => ({
    id,
    title: id,
    source: "-",
    requirement: "-",
    level: "MUST",
    concurrency: "shared",
    activeMode,
    run,
  });
  /** A shared check that counts the checks running beside it (`overlap.most`), for 30 ms. */
  const overlapping = (id: string, overlap: { now: number; most: number }, activeMode: boolean): CheckDefinition =>
    sharedCheck(
      id,
      async () => {
        overlap.most = Math.max(overlap.most, ++overlap.now);
        await sleep(30);
        overlap.now--;
        return pass("pass", "passed");
      },
      activeMode,
    );
  /** active.session-end's stand-in: alone, failing with its cause or passing. */
  const sessionEnd = (fails: boolean): CheckDefinition => ({
    id: "a.session-end",
    title: "-",
    source: "-",
    requirement: "-",
    level: "MUST",
    concurrency: "alone",
    async run() {
      if (!fails) return pass("served", "served");
      return fail("served", "no reply", undefined, { kind: "session-end-stops-other-session", detail: "no reply" });
    },
  });

  it("should run active-mode checks alone once a result showed a session's end stop another session", async () => {
    const active = { now: 0, most: 0 };
    const passive = { now: 0, most: 0 };
    const checks = [
      sessionEnd(true),
      overlapping("b.active-1", active, true),
      overlapping("b.active-2", active, true),
      overlapping("c.passive-1", passive, false),
      overlapping("c.passive-2", passive, false),
    ];
    const run = await runSuiteAgainstFake(agents, checks, {});
    expect(run.results.map((r) => r.verdict)).toEqual(["fail", "pass", "pass", "pass", "pass"]);
    expect(active.most).toBe(1);
    // Checks that open no active-mode connection still share the pool.
    expect(passive.most).toBe(2);
  });

  /**
   * A shared check that fails when another check of `crowd` runs beside it (or always), recording
   * in `runs` how many it had beside it on each run.
   */
  const crowdShy = (id: string, crowd: { now: number }, runs: number[], always = false): CheckDefinition =>
    sharedCheck(id, async () => {
      let most = crowd.now++;
      await sleep(30);
      most = Math.max(most, crowd.now - 1);
      crowd.now--;
      runs.push(most);
      return always || most > 0 ? fail("pass", `${most} beside it`) : pass("pass", "alone");
    });

  it("should take a verdict other than a pass only from a run with nothing beside it", async () => {
    const crowd = { now: 0 };
    const shy: number[] = [];
    const failing: number[] = [];
    const run = await runSuiteAgainstFake(
      agents,
      [crowdShy("a.shy", crowd, shy), crowdShy("a.failing", crowd, failing, true)],
      {},
    );
    // Both failed beside each other; run again alone, one passes and the other still fails.
    expect(run.results.map((r) => [r.check, r.verdict, r.observed])).toEqual([
      ["a.shy", "pass", "alone"],
      ["a.failing", "fail", "0 beside it"],
    ]);
    expect(shy).toEqual([1, 0]);
    expect(failing).toEqual([1, 0]);
  });

  it("should not run a check again when nothing ran beside it", async () => {
    const runs: number[] = [];
    const run = await runSuiteAgainstFake(agents, [crowdShy("a.failing", { now: 0 }, runs, true)], {});
    expect(run.results.map((r) => r.verdict)).toEqual(["fail"]);
    expect(runs).toEqual([0]);
  });

  it("should keep active-mode checks in the shared pool when no result showed it", async () => {
    const active = { now: 0, most: 0 };
    const checks = [
      sessionEnd(false),
      overlapping("b.active-1", active, true),
      overlapping("b.active-2", active, true),
    ];
    const run = await runSuiteAgainstFake(agents, checks, {});
    expect(run.results.map((r) => r.verdict)).toEqual(["pass", "pass", "pass"]);
    expect(active.most).toBe(2);
  });
});
