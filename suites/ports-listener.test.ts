import { describe, expect, it } from "vitest";
import { PRIVATE_SIDE, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { listenerClosedWithSession, listenerIdleTimeout, listenerReplaced } from "./listener.js";
import { portsExhaustion } from "./ports-exhaustion.js";
import { looksSequential, portsFirewallWindow, portsInRange, portsUnpredictable } from "./ports.js";
import { type FakeBehaviour, faults, inTurn, quirks, reply, settings } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** partial-firewall's window: the gateway forwards 1024-65535 of the fake's range. */
const PARTIAL_FIREWALL: FakeRunOptions = { scenario: "partial-firewall", forwardedPorts: { min: 1024, max: 65535 } };

describe("port range and listener checks", () => {
  const agents = localAgents();
  /** ports.firewall-window against a fake behaving as `behaviour`, in the scenario `options` says. */
  const firewallWindow = (behaviour: FakeBehaviour, options: FakeRunOptions) =>
    runAgainstFake(agents, portsFirewallWindow, behaviour, options);

  it("should pass against a correct server", async () => {
    for (const check of [portsInRange, portsUnpredictable, listenerReplaced]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("ports.in-range should fail naming ports outside the range", async () => {
    const [result] = await runAgainstFake(agents, portsInRange, { sets: [faults.epsvReply(() => "229 (|||999|)")] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^25 of 50 outside: EPSV 999/);
    expect(result?.hint).toContain("fake_range=1024-65535");
  });

  it("ports.unpredictable should report ports handed out in sequence", async () => {
    const [result] = await runAgainstFake(agents, portsUnpredictable, { sets: [faults.sequentialPorts(22000)] });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toMatch(/^predictable: 220\d\d, 220\d\d/);
  });

  it("looksSequential should tell sequences from random picks", () => {
    expect(looksSequential([30000, 30001, 30002, 30003, 30004])).toBe(true);
    expect(looksSequential([30004, 30004, 30004, 30004])).toBe(true);
    expect(looksSequential([30003, 30007, 30001, 30009, 30002, 30005])).toBe(false);
  });

  it("listener.replaced should report a first listener that still accepts", async () => {
    const [result] = await runAgainstFake(agents, listenerReplaced, { sets: [faults.keepOldListeners] });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toContain("the first: connected");
  });

  it("listener.replaced should fail a first listener that still serves once, closing after one connection (it passed before)", async () => {
    // pyftpdlib's listener closes once it has accepted the client: a probe of the first listener closed it.
    const [result] = await runAgainstFake(agents, listenerReplaced, {
      sets: [faults.keepOldListeners, quirks.listenerClosesAfterAccept],
    });
    expect(result?.verdict).toBe("info");
    // The fact: a new first port, probed after its replacement, still connected.
    expect(result?.observed).toMatch(/after its replacement: connected$/);
    expect(result?.hint).toContain("close the previous passive listener");
  });

  it("listener.replaced should pass a correct server whose listener closes after one connection", async () => {
    const [result] = await runAgainstFake(agents, listenerReplaced, { sets: [quirks.listenerClosesAfterAccept] });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/; the first: connection refused after \d+ ms$/);
  });

  it("ports.in-range should not apply behind the FTP helper, which picks the ports", async () => {
    const [result] = await runAgainstFake(agents, portsInRange, {}, { scenario: "nat-alg" });
    expect(result?.verdict).toBe("not-applicable");
    expect(result?.observed).toContain("a gateway's FTP helper picks the ports clients see");
  });

  it("ports.firewall-window should pass when every advertised port answers", async () => {
    const [result] = await runAgainstFake(agents, portsFirewallWindow, {}, { scenario: "nat" });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/^20 of 20 advertised ports \(100%\) let through/);
  });

  it("ports.firewall-window should give the share let through and name the window as the cause", async () => {
    // Every other EPSV names port 1, outside the forwarded window, where nothing answers.
    let n = 0;
    const [result] = await firewallWindow(
      { sets: [faults.epsvReply((port) => `229 (|||${n++ % 2 === 0 ? port : 1}|)`)] },
      PARTIAL_FIREWALL,
    );
    expect(result?.verdict).toBe("xfail");
    expect(result?.observed).toMatch(
      /^10 of 20 advertised ports \(50%\) let through; blocked: 1, all outside the forwarded 1024-65535/,
    );
    expect(result?.observed).toContain("so about 0% of data connections fail");
    expect(result?.hint).toContain("forward the whole range 1024-65535");
  });

  it("ports.firewall-window should name the shift where the gateway forwards the range under other numbers", async () => {
    // Every EPSV names port 1 of the server's range 1-9, which the gateway forwards as 10001-10009: closed outside.
    const [result] = await firewallWindow(
      { sets: [faults.epsvReply(() => "229 (|||1|)")] },
      {
        scenario: "port-shift",
        forwardedPorts: { min: 10001, max: 10009 },
        network: { portShift: { range: { min: 1, max: 9 }, by: 10000 } },
      },
    );
    expect(result?.verdict).toBe("xfail");
    expect(result?.observed).toMatch(
      /^0 of 20 advertised ports \(0%\) let through; blocked: 1, the server's own numbers, which the gateway forwards as 10001-10009/,
    );
    expect(result?.cause?.kind).toBe("port-shifted-at-gateway");
    expect(result?.hint).toContain("publish the passive range under the same numbers outside");
  });

  it("ports.firewall-window should be a real failure when forwarded ports do not listen", async () => {
    const [result] = await firewallWindow({ sets: [faults.advertiseDeadPort] }, PARTIAL_FIREWALL);
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toContain("blocked inside the forwarded 1024-65535");
    expect(result?.observed).toContain("not the firewall's window");
    expect(result?.note).toContain("not the failure partial-firewall exists to show");
  });

  it("ports.firewall-window should not blame the firewall for a private 227 from a server without EPSV", async () => {
    const [result] = await firewallWindow(
      {
        sets: [faults.pasvAddress("192.168.7.7")],
        handlers: { EPSV: reply("502 no EPSV") },
      },
      { scenario: "nat-unadvertised", network: PRIVATE_SIDE, forwardedPorts: { min: 1024, max: 65535 } },
    );
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/^20 of 20 advertised ports \(100%\) let through/);
  });

  it("ports.firewall-window should sample on until a port outside a narrower window comes", async () => {
    // Every port the fake picks (24000-24009) lies inside the forwarded 24000-24099, narrower than the range.
    const [result] = await firewallWindow(
      { sets: [settings.portRange(24000, 24009)] },
      {
        scenario: "partial-firewall",
        forwardedPorts: { min: 24000, max: 24099 },
        target: { passiveRange: { min: 24000, max: 24199 } },
      },
    );
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/^40 of 40 advertised ports/);
  });

  it("listener.idle-timeout should pass when the server gives up and closes the listener", async () => {
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, {});
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/^LIST without a data connection: '425 Failed to establish connection\.' after /);
  });

  it("listener.idle-timeout should report a listener that waits for ever", async () => {
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, { sets: [faults.neverGiveUp] });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toMatch(
      /^LIST without a data connection: no final reply to LIST within 0\.8 s after .*; the listener then: connected$/,
    );
    expect(result?.hint).toContain("fake_accept_timeout");
  });

  it("listener.idle-timeout should pass when the listener closes just after the 425 (no racing probe)", async () => {
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, {
      sets: [quirks.listenerClosedAfterReply(150)],
    });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("'425 Failed to establish connection.'");
    expect(result?.observed).toContain("the listener then: connection refused");
  });

  it("listener.idle-timeout should fail a listener left open after the 425 even when a probe would use it up", async () => {
    // pyftpdlib's kind of listener (one connection, then closed) left open by a server that gave up:
    // a probe racing the close used to take the listener for a closed one.
    const leaks = { handlers: { LIST: reply("425 no connection") } };
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, {
      ...leaks,
      sets: [quirks.listenerClosesAfterAccept],
    });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toContain("the listener then: connected");
  });

  it("listener.idle-timeout should pass a listener of that kind that closes when the server gives up", async () => {
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, { sets: [quirks.listenerClosesAfterAccept] });
    expect(result?.verdict).toBe("pass");
  });

  it.each([listenerIdleTimeout, listenerClosedWithSession])(
    "$id should pass a slow server with multi-line replies in its own words",
    async (check) => {
      const [result] = await runAgainstFake(agents, check, { sets: [quirks.replyDelay(100), quirks.multiLine] });
      expect(result?.verdict).toBe("pass");
    },
  );

  it("the listener checks should be inconclusive, not passed, when advertised ports do not listen", async () => {
    for (const check of [listenerIdleTimeout, listenerReplaced, listenerClosedWithSession]) {
      const [result] = await runAgainstFake(agents, check, { sets: [faults.advertiseDeadPort] });
      expect(result?.verdict, `${check.id}: ${result?.observed}`).toBe("skipped");
      expectSkip(result, "inconclusive");
    }
  });

  const BOTH_WATCHERS = [listenerReplaced, listenerClosedWithSession];
  const NOT_FORWARDED_AS_ADVERTISED =
    "the gateway forwards no data port under the number the server advertises, so a listener cannot be watched";
  it.each([
    [
      "nat-alg",
      BOTH_WATCHERS,
      "a gateway's FTP helper lets each advertised port be reached once, so a listener cannot be watched",
    ],
    ["nat-no-helper", BOTH_WATCHERS, NOT_FORWARDED_AS_ADVERTISED],
    ["port-shift", BOTH_WATCHERS, NOT_FORWARDED_AS_ADVERTISED],
    [
      "lb-replicas",
      [listenerReplaced],
      "the balancer sends data connections to the replica that did not open the listener, so it cannot be watched",
    ],
  ] as const)("the listener checks should not be decided in %s, saying why", async (scenario, checks, reason) => {
    for (const check of checks) {
      const [result] = await runAgainstFake(agents, check, {}, { scenario });
      expectSkip(result, "not-applicable", reason);
    }
  });

  it("listener.closed-with-session should pass when QUIT closes the listener", async () => {
    const [result] = await runAgainstFake(agents, listenerClosedWithSession, {});
    expect(result?.verdict).toBe("pass");
    // How it was seen closed depends on timing (at once, or after one probe and a second look): refused, either way.
    expect(result?.observed).toContain("connection refused");
  });

  it("listener.closed-with-session should fail a server that leaks a session's listener", async () => {
    const [result] = await runAgainstFake(agents, listenerClosedWithSession, { sets: [faults.leakListeners] });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.observed).toMatch(/never dialled before QUIT, still accepts [\d.]+ s after QUIT/);
  });

  it("listener.closed-with-session should fail a leak whose listener closes after one connection (it passed before)", async () => {
    // pyftpdlib's listener closes once it has accepted the client: a probe after QUIT uses a leaked one up.
    // Whether a second probe of the first listener still connected raced the fake's close (CI saw both).
    for (let run = 0; run < 3; run++) {
      const [result] = await runAgainstFake(agents, listenerClosedWithSession, {
        sets: [faults.leakListeners, quirks.listenerClosesAfterAccept],
      });
      expect(result?.verdict, result?.observed).toBe("non-strict");
      // The fact: a new session's port, probed once after the wait, still accepts.
      expect(result?.observed).toMatch(
        /a new session's EPSV port \d+, never dialled, was probed once .*: it still accepts/,
      );
    }
  });

  it("listener.closed-with-session should pass a correct server whose listener closes a while after QUIT", async () => {
    const [result] = await runAgainstFake(agents, listenerClosedWithSession, {
      sets: [quirks.listenerClosedAfterEnd(300)],
    });
    expect(result?.verdict, result?.observed).toBe("pass");
    expect(result?.observed).toMatch(/accepted a probe after QUIT and then closed .*: connection refused$/);
  });

  it("listener.closed-with-session should pass a correct server whose listener closes after one connection", async () => {
    const [result] = await runAgainstFake(agents, listenerClosedWithSession, {
      sets: [quirks.listenerClosesAfterAccept],
    });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("connection refused");
  });

  it("listener.idle-timeout should report a 425 that leaves the listener open", async () => {
    const [result] = await runAgainstFake(agents, listenerIdleTimeout, {
      handlers: { LIST: reply("425 no connection") },
    });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toContain("'425 no connection'");
    expect(result?.observed).toContain("the listener then: connected");
  });

  it("listener.idle-timeout should apply only where the target declares a timeout, in direct", async () => {
    const [nat] = await runAgainstFake(agents, listenerIdleTimeout, {}, { scenario: "nat" });
    expect(nat?.verdict).toBe("not-applicable");
    const [none] = await runAgainstFake(
      agents,
      listenerIdleTimeout,
      {},
      { target: { acceptTimeoutSeconds: undefined } },
    );
    expectSkip(none, "not-applicable", "the target declares no accept timeout");
  });

  describe("ports.exhaustion", () => {
    const range = { passiveRange: { min: 40000, max: 40002 } };
    /** The check's result against a fake as `behaviour` says, the profile declaring the range 40000-40002. */
    const exhaustion = (behaviour: FakeBehaviour = {}) =>
      runAgainstFake(agents, portsExhaustion, behaviour, { target: range });
    /** A fake whose PASV replies follow `answers` in order, one per PASV, then repeat the last. */
    const scripted = (answers: string[]) => ({ handlers: { PASV: inTurn(answers) } });
    const port = (p: number) => `227 Entering Passive Mode (127,0,0,1,${p >> 8},${p & 255}).`;

    it("should pass when the extra PASV gets a 425", async () => {
      const fake = scripted([port(40000), port(40001), port(40002), "425 No free passive port"]);
      const [result] = await exhaustion(fake);
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toBe("3 listeners held (40000, 40001, 40002); PASV 4 got '425 No free passive port'");
    });

    it("should fail on a port outside the range, as a kernel-port fallback gives", async () => {
      const fake = scripted([port(40000), port(40001), port(40002), port(45123)]);
      const [result] = await exhaustion(fake);
      expect(result?.verdict).toBe("non-strict");
      expect(result?.observed).toContain("PASV 4 got port 45123, outside 40000-40002");
      expect(result?.hint).toBe("fake_range_exhausted");
    });

    it("should fail on a 500 that ends the session", async () => {
      const fake = scripted([port(40000), port(40001), port(40002), "500 OOPS: vsf_sysutil_bind"]);
      const [result] = await exhaustion(fake);
      expect(result?.verdict).toBe("non-strict");
      expect(result?.observed).toContain("PASV 4 got '500 OOPS: vsf_sysutil_bind'");
    });

    it("should fail, bounded, when the extra PASV hangs", async () => {
      const answers = inTurn([port(40000), port(40001), port(40002)]);
      let n = 0;
      const hanging: FakeBehaviour = {
        handlers: { PASV: (session, argument, next) => (++n <= 3 ? answers(session, argument, next) : undefined) },
      };
      const [result] = await exhaustion(hanging);
      expect(result?.verdict).toBe("non-strict");
      expect(result?.observed).toMatch(/PASV 4 got no reply to PASV within 0\.4 s$/);
    });

    it("should be inconclusive, naming the cap, when the greeting refuses sessions before the range runs out", async () => {
      let greeted = 0;
      const capped = {
        ...scripted([port(40000), port(40001), port(40002)]),
        sets: [settings.greeting(() => (++greeted > 2 ? "421 Too many users" : "220 ready"))],
      };
      const [result] = await exhaustion(capped);
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        "the server refused session 3 of 4 at the greeting with '421 Too many users': a session " +
          "cap, not the passive range (the check holds one listener per session, so the range was never used up)",
      );
    });

    it("should be inconclusive when USER gets 421 on session 2 of 4 (it passed before)", async () => {
      let users = 0;
      const capped: FakeBehaviour = {
        handlers: {
          ...scripted([port(40000), port(40001), port(40002)]).handlers,
          USER: (session, argument, next) =>
            ++users > 1 ? session.reply("421 There are too many connections from your IP") : next(),
        },
      };
      const [result] = await exhaustion(capped);
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        /the server refused session 2 of 4 at USER with '421 There are too many connections from your IP': a session cap, not the passive range/,
      );
    });

    it("should be inconclusive, not failed, when a later session meets something other than a 4xx", async () => {
      let users = 0;
      const capped: FakeBehaviour = {
        handlers: { USER: (session, argument, next) => (++users > 3 ? session.reply("530 Sorry, no more") : next()) },
      };
      const [result] = await exhaustion(capped);
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        "the server refused session 4 of 4 at USER with '530 Sorry, no more': the check needs 4 " +
          "sessions at once to use up the range, so the range was never used up",
      );
    });

    it("should be inconclusive, not passed, when it could not hold the range itself", async () => {
      // Leaked listeners hold two of the three ports: the first PASV after one held gets 425.
      const fake = scripted([port(40000), "425 No free passive port"]);
      const [result] = await exhaustion(fake);
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        /1 listeners held \(40000\); PASV 2 got '425 No free passive port', before this check held all 3 ports/,
      );
    });

    it("should fail an unclean refusal even before the range is full (vsftpd's random binds)", async () => {
      const fake = scripted([port(40000), "500 OOPS: vsf_sysutil_bind"]);
      const [result] = await exhaustion(fake);
      expect(result?.verdict).toBe("non-strict");
      expect(result?.observed).toBe("1 listeners held (40000); PASV 2 got '500 OOPS: vsf_sysutil_bind'");
    });

    it("should not apply to a range too wide to exhaust", async () => {
      const [result] = await runAgainstFake(agents, portsExhaustion, {});
      expect(result?.observed).toContain("the declared range has 64512 ports");
    });
  });

  it("ports.firewall-window should not apply where no passive range is forwarded", async () => {
    const [result] = await runAgainstFake(agents, portsFirewallWindow, {});
    expect(result?.verdict).toBe("not-applicable");
  });
});
