import { describe, expect, it } from "vitest";
import { describeDial } from "../ftp/data-connection.js";
import { describeWait } from "../ftp/wait.js";
import {
  DEFAULT_TIMEOUTS,
  DEFAULT_WAITS,
  MIN_CHECK_MS,
  UNDECLARED_SERVER_TIMEOUT_SECONDS,
  dialWait,
  replyWait,
  serverGiveUpWait,
  timeoutsFor,
  transferWait,
} from "./check-context.js";
import { FAST_TIMEOUTS } from "../testing/fake-environment.js";

describe("timeoutsFor", () => {
  it("should give a profile that declares nothing the documented defaults, which fit real servers", () => {
    // docs/profiles.md: waits.replySeconds 30, waits.dialSeconds 3, waits.transferSeconds 60;
    // a server that declares no accept or connect timeout is given vsftpd's default, 60 s, to give up.
    expect(DEFAULT_WAITS).toEqual({ replySeconds: 30, dialSeconds: 3, transferSeconds: 60 });
    expect(UNDECLARED_SERVER_TIMEOUT_SECONDS).toBe(60);
    const t = timeoutsFor({});
    expect([t.replyMs, t.dataConnectMs, t.transferMs, t.undeclaredServerTimeoutMs]).toEqual([
      30000, 3000, 60000, 60000,
    ]);
    // The longest wait a check may sit through is a server giving up (60 s + the dial wait): twice that, and a margin.
    expect(t.checkMs).toBe(2 * 63000 + 10000);
    expect(DEFAULT_TIMEOUTS).toEqual(t);
    expect(describeWait(replyWait(t))).toBe(
      "30 s (reply wait: the default 30 s; the profile declares no waits.replySeconds)",
    );
    expect(describeWait(dialWait(t))).toBe(
      "3 s (dial wait: the default 3 s; the profile declares no waits.dialSeconds)",
    );
    expect(describeWait(transferWait(t))).toBe(
      "60 s (transfer wait: the default 60 s; the profile declares no waits.transferSeconds)",
    );
    expect(describeWait(serverGiveUpWait({}, t, "accept"))).toBe(
      "63 s (accept wait: the default 60 s + the dial wait (3 s); the profile declares no acceptTimeoutSeconds)",
    );
    expect(describeWait(serverGiveUpWait({}, t, "connect"))).toBe(
      "63 s (connect wait: the default 60 s + the dial wait (3 s); the profile declares no connectTimeoutSeconds)",
    );
  });

  it("should take each wait the profile declares, and say so", () => {
    const target = {
      waits: { replySeconds: 5, dialSeconds: 2, transferSeconds: 20 },
      acceptTimeoutSeconds: 3,
      connectTimeoutSeconds: 5,
    };
    const t = timeoutsFor(target);
    expect([t.replyMs, t.dataConnectMs, t.transferMs]).toEqual([5000, 2000, 20000]);
    // The built-ins' figures keep the check limit at its floor.
    expect(t.checkMs).toBe(MIN_CHECK_MS);
    expect(describeWait(replyWait(t))).toBe("5 s (reply wait, profile waits.replySeconds)");
    expect(describeDial("timeout", t)).toBe(
      "no answer (filtered or nothing listening) within 2 s (dial wait, profile waits.dialSeconds)",
    );
    expect(describeWait(serverGiveUpWait(target, t, "accept"))).toBe(
      "5 s (accept wait, profile acceptTimeoutSeconds (3 s) + the dial wait (2 s))",
    );
    expect(describeWait(serverGiveUpWait(target, t, "connect"))).toBe(
      "7 s (connect wait, profile connectTimeoutSeconds (5 s) + the dial wait (2 s))",
    );
  });

  it("should mix declared and default waits, and raise the check limit over a long declared wait", () => {
    const t = timeoutsFor({ waits: { transferSeconds: 300 }, acceptTimeoutSeconds: 10, connectTimeoutSeconds: 10 });
    expect(describeWait(transferWait(t))).toBe("300 s (transfer wait, profile waits.transferSeconds)");
    expect(describeWait(replyWait(t))).toMatch(/^30 s \(reply wait: the default 30 s;/);
    expect(t.checkMs).toBe(2 * 300000 + 10000);
  });

  it("should keep the self-tests' bare limits as they are: lengths alone, an undeclared timeout one reply wait", () => {
    expect(describeWait(replyWait(FAST_TIMEOUTS))).toBe("0.4 s");
    expect(describeWait(serverGiveUpWait({}, FAST_TIMEOUTS, "accept"))).toBe("0.4 s");
    expect(serverGiveUpWait({ acceptTimeoutSeconds: 0.3 }, FAST_TIMEOUTS, "accept").ms).toBe(800);
    const labelled = {
      ...FAST_TIMEOUTS,
      labels: { reply: "reply wait", dial: "dial wait", transfer: "transfer wait" },
    };
    expect(describeWait(serverGiveUpWait({}, labelled, "connect"))).toBe(
      "0.4 s (connect wait: one reply wait; the profile declares no connectTimeoutSeconds)",
    );
  });
});
