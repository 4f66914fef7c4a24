import { describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import { expectSkip } from "../testing/expect-skip.js";
import { FAKE_TARGET, runSuiteAgainstFake } from "../testing/fake-environment.js";
import { type FakeBehaviour, faults, quirks } from "../testing/fake-ftp-server.js";
import { resultKey } from "./check-result.js";
import { budgetHint, budgetUsedUp, PairBudget } from "./pair-budget.js";
import { exitCodeFor } from "../cli/exit-codes.js";
import { summaryLine } from "../cli/summary-line.js";
import { runStanding } from "../report/run-report.js";
import { localAgents } from "../testing/agents-fixture.js";

const pick = (...ids: string[]) => CATALOGUE.filter((check) => ids.includes(check.id));
/** Correct but slow: every reply 100 ms late, multi-line in other words. */
const SLOW: FakeBehaviour = { sets: [quirks.replyDelay(100), quirks.multiLine] };

describe("PairBudget", () => {
  it("should be used up once its time has passed, and run low once less than a check's time is left", () => {
    let now = 1000;
    const budget = new PairBudget(10000, () => now);
    expect([budget.usedUp(), budget.runsLow(4000)]).toEqual([false, false]);
    now += 6001;
    expect([budget.elapsedMs(), budget.usedUp(), budget.runsLow(4000)]).toEqual([6001, false, true]);
    now += 3999;
    expect(budget.usedUp()).toBe(true);
  });
});

describe("budgetUsedUp", () => {
  it.each([
    {
      ran: [
        { name: "pasv.reply", durationMs: 1200 },
        { name: "ports.in-range", durationMs: 61028 },
        { name: "transfer.stor[pasv]", durationMs: 60358 },
        { name: "ports.exhaustion", durationMs: 61026 },
      ],
      reason:
        "the time budget of 300 s for this target and scenario (budget.pairSeconds in its profile) was used up " +
        "after 4 checks in 305 s; the slowest: ports.in-range 61.0 s, ports.exhaustion 61.0 s, transfer.stor[pasv] 60.4 s",
    },
    {
      ran: [{ name: "pasv.reply", durationMs: 250 }],
      reason: "(budget.pairSeconds in its profile) was used up after 1 check in 305 s; the slowest: pasv.reply 0.3 s",
    },
    { ran: [], reason: "was used up after 0 checks in 305 s" },
  ])("should name the budget, its field, the checks run and the slowest ($ran.length run)", ({ ran, reason }) => {
    const text = budgetUsedUp(300000, 305400, ran);
    expect(text.endsWith(reason)).toBe(true);
  });

  it("should point at the profile's field, not at the server", () => {
    expect(budgetHint("ci/ftp.yaml")).toMatch(/^raise budget\.pairSeconds in ci\/ftp\.yaml if this server is meant/);
  });
});

describe("runChecks with a time budget", { timeout: 60000 }, () => {
  const agents = localAgents();

  const CHECKS = pick(
    "pasv.reply",
    "pasv.format",
    "pasv.connectable",
    "epsv.reply",
    "epsv.format",
    "epsv.connectable",
    "transfer.retr",
    "transfer.list",
    "server.alive",
  );

  it("should skip every check, none failed, when the preflight alone used up the budget", async () => {
    const run = await runSuiteAgainstFake(agents, pick("pasv.reply", "transfer.list", "server.alive"), SLOW, {
      target: { pairBudgetSeconds: 0.2 },
    });
    expect(run.rootCauses).toHaveLength(1);
    const [cause] = run.rootCauses;
    expect(cause).toMatchObject({ step: "budget", stalled: false, firstSeen: "before the first check" });
    expect(run.results.map((r) => [resultKey(r.check, r.variant), r.verdict, r.consequenceOf])).toEqual([
      ["pasv.reply", "skipped", cause?.id],
      ["transfer.list[pasv]", "skipped", cause?.id],
      ["transfer.list[epsv]", "skipped", cause?.id],
      // Asks the engine, not the server: it still says whether the server runs.
      ["server.alive", "pass", undefined],
    ]);
    expectSkip(
      run.results[0],
      "budget",
      /the time budget of 0\.2 s for this target and scenario \(budget\.pairSeconds in its profile\) was used up after 0 checks in \d+ s$/,
    );
    expect(run.results[0]?.hint).toContain(`raise budget.pairSeconds in ${FAKE_TARGET.origin}`);
    // Skipped for the budget, not for anything the server did: the run is incomplete, never passed.
    expect(run.results.map((r) => r.skipKind)).toEqual(["budget", "budget", "budget", undefined]);
    const standing = runStanding(run.results, false);
    expect(standing).toMatchObject({ outcome: "incomplete", passed: false, undecided: 3 });
    expect(exitCodeFor(standing.outcome)).toBe(3);
    expect(summaryLine({ ...standing, strict: false })).toBe(
      "ftp-conformance: INCOMPLETE (4 results ran: 1 pass, 3 skipped (3 out of budget); 3 left undecided: a pair's " +
        "time budget ran out or a check's limit ran out while the server was still answering)",
    );
    // --strict: an incomplete run fails, as a SHOULD failure does.
    const strict = runStanding(run.results, true);
    expect([strict.outcome, exitCodeFor(strict.outcome)]).toEqual(["failed", 1]);
    expect(summaryLine({ ...strict, strict: true })).toMatch(
      /^ftp-conformance: FAILED .*\(a failure under --strict\)\)$/,
    );
  });

  it("should skip, never fail, the checks left once the budget runs out mid-suite, naming how many ran", async () => {
    const run = await runSuiteAgainstFake(agents, CHECKS, SLOW, { target: { pairBudgetSeconds: 2 } });
    const ran = run.results.filter((r) => r.check !== "server.alive" && r.verdict !== "skipped");
    const skipped = run.results.filter((r) => r.verdict === "skipped");
    // The preflight takes about a second at 100 ms a reply; the checks after it several more.
    expect(ran.length).toBeGreaterThan(0);
    expect(skipped.length).toBeGreaterThan(0);
    expect(run.results.slice(0, ran.length)).toEqual(ran);
    for (const result of ran) expect(result.verdict, resultKey(result.check, result.variant)).toBe("pass");
    expect(run.results.at(-1)).toMatchObject({ check: "server.alive", verdict: "pass" });
    const [cause] = run.rootCauses;
    expect(run.rootCauses).toHaveLength(1);
    const last = ran.at(-1);
    expect(cause).toMatchObject({ step: "budget", firstSeen: `after ${last && resultKey(last.check, last.variant)}` });
    expect(cause?.description).toContain(`was used up after ${ran.length} check`);
    expect(cause?.description).toMatch(/; the slowest: \S+ \d+\.\d s/);
    for (const result of skipped) {
      expect(result.consequenceOf).toBe(cause?.id);
      expectSkip(result, "budget", String(cause?.description));
    }
    for (const result of ran) expect(result.skipKind).toBeUndefined();
    expect(runStanding(run.results, false)).toMatchObject({ outcome: "incomplete", undecided: skipped.length });
  });

  it("should give the same verdicts with a generous budget as without one, failures too", async () => {
    const checks = pick("pasv.reply", "epsv.connectable", "listener.replaced", "server.alive");
    // A fault besides the slowness: a second PASV leaves the first listener open.
    const behaviour = { sets: [...(SLOW.sets ?? []), faults.keepOldListeners] };
    const without = await runSuiteAgainstFake(agents, checks, behaviour);
    const generous = await runSuiteAgainstFake(agents, checks, behaviour, { target: { pairBudgetSeconds: 600 } });
    const verdicts = (run: typeof without) => run.results.map((r) => [resultKey(r.check, r.variant), r.verdict]);
    expect(verdicts(generous)).toEqual(verdicts(without));
    expect(verdicts(generous)).toContainEqual(["listener.replaced", "info"]);
    expect(generous.rootCauses).toEqual([]);
    // Every check decided: the run passed (an ADVISORY finding fails nothing).
    expect(runStanding(generous.results, true).outcome).toBe("passed");
  });
});
