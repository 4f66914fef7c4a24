import { describe, expect, it } from "vitest";
import { ProfileError } from "../errors.js";
import { expectSkip } from "../testing/expect-skip.js";
import { FAST_TIMEOUTS, runSuiteAgainstFake } from "../testing/fake-environment.js";
import { CATALOGUE } from "../../suites/catalogue.js";
import type { CheckDefinition } from "./check-definition.js";
import { resultKey } from "./check-result.js";
import { runStanding } from "../report/run-report.js";
import { faults, quirks, reply, settings } from "../testing/fake-ftp-server.js";
import { localAgents } from "../testing/agents-fixture.js";

const pick = (...ids: string[]) => CATALOGUE.filter((check) => ids.includes(check.id));
/** The same checks, each run alone: what a pair does one check at a time (the rules for a broken server). */
const oneAtATime = (...ids: string[]) =>
  pick(...ids).map((check): CheckDefinition => ({ ...check, concurrency: "alone" }));

describe("runChecks", { timeout: 30000 }, () => {
  const agents = localAgents();

  it("should stop before any check, naming credentials, when the login is refused", async () => {
    const refused = runSuiteAgainstFake(agents, pick("pasv.reply"), {
      handlers: { PASS: reply("530 Login incorrect.") },
    });
    await expect(refused).rejects.toThrow(ProfileError);
    await expect(refused).rejects.toThrow(
      /credentials: the server refused the login for 'tester' \(login refused: PASS got '530 Login incorrect\.'\)/,
    );
  });

  it("should run every check of a healthy server with no root cause", async () => {
    const run = await runSuiteAgainstFake(agents, pick("pasv.reply", "pasv.connectable", "transfer.list"), {});
    expect(run.rootCauses).toEqual([]);
    expect(run.results.map((r) => r.verdict)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("should not take a gateway that forwards no data port (and runs no helper) for a broken server", async () => {
    const noListing = { handlers: { LIST: reply("425 no data port") } };
    const broken = await runSuiteAgainstFake(agents, pick("pasv.reply"), noListing);
    expect(broken.rootCauses.map((c) => c.description)).toEqual([expect.stringMatching(/^PASV: /)]);
    const closed = await runSuiteAgainstFake(agents, pick("pasv.reply"), noListing, {
      network: { dataPortsClosedAtGateway: true },
    });
    expect(closed.rootCauses).toEqual([]);
    expect(closed.results.map((r) => r.verdict)).toEqual(["pass"]);
  });

  it("should name leaked listeners using up the range once, with the failures it caused under it", async () => {
    // Five ports; every session that ends with an unused listener keeps it.
    const run = await runSuiteAgainstFake(
      agents,
      pick(
        "pasv.reply",
        "pasv.format",
        "epsv.reply",
        "epsv.format",
        "listener.closed-with-session",
        "pasv.connectable",
        "transfer.list",
      ),
      { sets: [settings.portRange(27100, 27104), faults.leakListeners] },
      { target: { passiveRange: { min: 27100, max: 27104 } } },
    );
    const byName = Object.fromEntries(run.results.map((r) => [resultKey(r.check, r.variant), r]));
    expect(byName["listener.closed-with-session"]?.verdict).toBe("non-strict");
    expect(run.rootCauses).toHaveLength(1);
    const [cause] = run.rootCauses;
    expect(cause?.description).toMatch(/^PASV: PASV got '425 No passive port free\.', expected 227$/);
    const broken = run.results.filter((r) => r.consequenceOf === cause?.id).map((r) => resultKey(r.check, r.variant));
    // Noticed after the check that showed the leak; the transfers after it met a used-up range.
    expect(cause?.firstSeen).toBe("after listener.closed-with-session");
    expect(broken).toEqual(["listener.closed-with-session", "transfer.list[pasv]", "transfer.list[epsv]"]);
    expect(byName["pasv.connectable"]).toMatchObject({ verdict: "pass" });
    for (const name of broken) expect(byName[name]?.verdict).not.toBe("pass");
  });

  it("should skip the checks after a server stopped answering, bounded, under one root cause", async () => {
    const run = await runSuiteAgainstFake(
      agents,
      oneAtATime(
        "pasv.reply",
        "pasv.format",
        "pasv.connectable",
        "epsv.reply",
        "transfer.retr",
        "transfer.list",
        "server.alive",
      ),
      { sets: [faults.stallAfterUnusedPassive] },
    );
    expect(run.rootCauses).toHaveLength(1);
    const [cause] = run.rootCauses;
    expect(cause).toMatchObject({ stalled: true, firstSeen: "after pasv.format" });
    const skipped = run.results.filter((r) => r.verdict === "skipped");
    expect(skipped.map((r) => resultKey(r.check, r.variant))).toEqual([
      "pasv.connectable",
      "epsv.reply",
      "transfer.retr[pasv]",
      "transfer.retr[epsv]",
      "transfer.list[pasv]",
      "transfer.list[epsv]",
    ]);
    for (const result of skipped) {
      expect(result.consequenceOf).toBe(cause?.id);
      expectSkip(result, "not-run", "no reply to the greeting within 0.4 s (first seen after pasv.format)");
    }
    expect(run.results.find((r) => r.check === "server.alive")?.verdict).toBe("pass");
  });

  it("should fail the first check that meets a stall the preflight found, then skip the rest", async () => {
    // Skipping every check from the preflight on would leave no failure: the run would pass.
    let pasvSent = 0;
    const run = await runSuiteAgainstFake(
      agents,
      oneAtATime("pasv.reply", "pasv.format", "epsv.reply", "transfer.list", "server.alive"),
      { handlers: { PASV: () => void (pasvSent += 1) } },
    );
    // One reply timeout each: the preflight, and pasv.reply meeting the stall (no second look at
    // either: before any check nothing is held, and pasv.reply itself waited for the same reply).
    expect(pasvSent).toBe(2);
    expect(run.rootCauses).toHaveLength(1);
    const [cause] = run.rootCauses;
    expect(cause).toMatchObject({ stalled: true, firstSeen: "before the first check" });
    expect(run.results.map((r) => [resultKey(r.check, r.variant), r.verdict, r.consequenceOf])).toEqual([
      ["pasv.reply", "fail", cause?.id],
      ["pasv.format", "skipped", cause?.id],
      ["epsv.reply", "skipped", cause?.id],
      ["transfer.list[pasv]", "skipped", cause?.id],
      ["transfer.list[epsv]", "skipped", cause?.id],
      ["server.alive", "pass", undefined],
    ]);
    expect(run.results[0]?.observed).toMatch(/^no reply to PASV within 0\.4 s$/);
  });

  it("should name a server that exited as the root cause of what follows", async () => {
    let checks = 0;
    const run = await runSuiteAgainstFake(
      agents,
      oneAtATime("pasv.reply", "pasv.format", "epsv.reply", "server.alive"),
      {},
      {
        healthOf: () =>
          ++checks > 2
            ? { running: false, exitCode: 139, logTail: "segfault" }
            : { running: true, exitCode: null, logTail: "" },
      },
    );
    expect(run.rootCauses.map((c) => c.description)).toEqual(["the server exited (code 139)"]);
    expect(run.results.map((r) => [r.check, r.verdict, r.consequenceOf !== undefined])).toEqual([
      ["pasv.reply", "pass", false],
      ["pasv.format", "error", true],
      ["epsv.reply", "skipped", true],
      ["server.alive", "fail", false],
    ]);
  });
  it("should connect again while a server at its session cap answers 421, and pass once it greets", async () => {
    // A session cap that counts a closed session out late: the next two connects get 421.
    let greeted = 0;
    const busy = {
      sets: [
        settings.greeting(() => (++greeted === 2 || greeted === 3 ? "421 Too many users, try later" : "220 ready")),
      ],
    };
    const run = await runSuiteAgainstFake(agents, pick("pasv.reply", "pasv.connectable"), busy);
    expect(run.results.map((r) => r.verdict)).toEqual(["pass", "pass"]);
    expect(greeted).toBeGreaterThan(3);
  });

  it("should fail a check whose every connect meets 421 for as long as one reply may take", async () => {
    let greeted = 0;
    const full = { sets: [settings.greeting(() => (++greeted > 1 ? "421 Too many users" : "220 ready"))] };
    const run = await runSuiteAgainstFake(agents, pick("pasv.reply"), full);
    expect(run.results.map((r) => [r.verdict, r.observed])).toEqual([
      ["fail", "greeting was '421 Too many users', expected 220"],
    ]);
    // The preflight's session, then the check's connects again after the first 421.
    expect(greeted).toBeGreaterThan(3);
  });

  it("should skip, not fail, a check that ran out of time while a slow server kept answering", async () => {
    // Every reply 300 ms late: ports.in-range's 20 sessions take longer than its 4 s limit, though the
    // server never stopped answering. A reply may take 2 s (not FAST_TIMEOUTS' 0.4 s), so that a loaded
    // machine's late reply is not taken for silence.
    const run = await runSuiteAgainstFake(
      agents,
      pick("ports.in-range"),
      { sets: [quirks.replyDelay(300), quirks.multiLine] },
      { timeouts: { ...FAST_TIMEOUTS, replyMs: 2000 } },
    );
    expect(run.results.map((r) => r.verdict)).toEqual(["skipped"]);
    expectSkip(run.results[0], "out-of-time", /overall limit of 4 s ran out while the server was still answering/);
    expect(run.rootCauses).toEqual([]);
    // Left undecided by time, read from the result's field: the run is incomplete, not passed.
    expect(runStanding(run.results, false)).toMatchObject({ outcome: "incomplete", passed: false, undecided: 1 });
  });
});
