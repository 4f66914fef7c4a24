import { describe, expect, it } from "vitest";
import type { Timeouts } from "../harness/checks/check-context.js";
import type { CheckResult } from "../harness/checks/check-result.js";
import type { TargetTls } from "../harness/targets/target-spec.js";
import { FAST_TIMEOUTS, runAgainstFake } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { localAgents } from "../harness/testing/agents-fixture.js";
import {
  closeControl,
  fromNth,
  hang,
  reply,
  type Handler,
  type HandlerSet,
} from "../harness/testing/fake-ftp-server.js";
import type { FakeTlsBehaviour } from "../harness/testing/fake-tls.js";
import { runUnderTls, type UnderTlsOptions } from "../harness/testing/run-under-tls.js";
import { tlsSeries } from "./tls-series.js";

const EXPLICIT: TargetTls = { mode: "explicit", required: false, hints: { sessionReuse: "fake_tls_reuse=yes" } };
/**
 * Waits a loaded machine keeps to (the unit tier runs files side by side): a series is 8 transfers,
 * each three replies and a TLS handshake. The faults that hang are bounded by FAST_TIMEOUTS instead.
 */
const PATIENT: Timeouts = { replyMs: 3000, dataConnectMs: 3000, transferMs: 5000, checkMs: 60000 };
const verdicts = (results: CheckResult[]) => results.map((r) => [r.variant, r.verdict]);

/** A fault from the session's `from`th transfer (RETR or STOR) on: `fault` answers it instead of the server. */
const fromTransfer = (from: number, fault: Handler): HandlerSet => ({
  handlers: fromNth(from, ["RETR", "STOR"], fault),
});

describe("tls.series", { timeout: 30000 }, () => {
  const agents = localAgents();
  /** The series over an FTPS fake (`tls`), the profile declaring EXPLICIT, with PATIENT waits unless `options` says. */
  const series = (tls: FakeTlsBehaviour = {}, options: UnderTlsOptions = {}) =>
    runUnderTls(agents, tlsSeries, tls, { profile: EXPLICIT, timeouts: PATIENT, ...options });
  /** The series with a fault from the `from`th transfer on, over a correct FTPS fake. */
  const faultFrom = (from: number, fault: Handler, options: UnderTlsOptions = {}) =>
    series({}, { also: { sets: [fromTransfer(from, fault)] }, ...options });

  it("should pass a correct server at each version and kind of resumption, each data handshake resumed", async () => {
    const results = await series();
    expect(verdicts(results)).toEqual([
      ["tls1.2-same", "pass"],
      ["tls1.2-newest", "pass"],
      ["tls1.3-same", "pass"],
      ["tls1.3-newest", "pass"],
    ]);
    for (const result of results) {
      expect(result.tlsSeries?.accepted).toBe(8);
      expect(result.tlsSeries?.transfers.map((t) => t.resumed)).toEqual(Array(8).fill(true));
      expect(result.tlsSeries?.transfers.map((t) => `${t.passive} ${t.command}`).slice(0, 4)).toEqual([
        "PASV STOR",
        "EPSV RETR",
        "EPSV STOR",
        "PASV RETR",
      ]);
    }
    // "same" offers the control connection's session every time; so does "newest" here, as Node's server
    // issues no new ticket on a resumed connection.
    expect(results[2]?.tlsSeries?.transfers.map((t) => t.offeredFrom)).toEqual(Array(8).fill(0));
    expect(results[3]?.tlsSeries?.transfers.map((t) => t.offeredFrom)).toEqual(Array(8).fill(0));
  });

  it("should pass a server that resumes no session, every data handshake a full one, offering the newest it issued", async () => {
    const results = await series({ noResumption: true });
    expect(results.map((r) => r.verdict)).toEqual(["pass", "pass", "pass", "pass"]);
    const newest = results[3]?.tlsSeries;
    expect(newest?.transfers.map((t) => t.resumed)).toEqual(Array(8).fill(false));
    // Each full handshake issues TLS 1.3 tickets: "newest" offers the previous data connection's.
    expect(newest?.transfers.map((t) => t.offeredFrom)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results[3]?.observed).toContain("2 EPSV RETR intact, not resumed (1's)");
  });

  it("should pass a server requiring session reuse (vsftpd's require_ssl_reuse) that reuses tickets", async () => {
    const results = await series({ requireReuse: true, dataClose: "notify-then-wait" });
    expect(results.map((r) => r.verdict)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("should not apply at a version the server does not offer", async () => {
    const results = await series({ versions: { min: "TLSv1.2", max: "TLSv1.2" } });
    expect(verdicts(results)).toEqual([
      ["tls1.2-same", "pass"],
      ["tls1.2-newest", "pass"],
      ["tls1.3-same", "not-applicable"],
      ["tls1.3-newest", "not-applicable"],
    ]);
  });

  it("should fail a series refused at the 3rd data connection, naming the transfer, the reply and the clients", async () => {
    const results = await faultFrom(3, reply("522 SSL connection failed: session reuse required"));
    for (const result of results) {
      expect(result.verdict).toBe("fail");
      expect(result.tlsSeries).toMatchObject({ accepted: 2, stoppedAt: 3 });
      expect(result.tlsSeries?.transfers[2]).toMatchObject({
        number: 3,
        passive: "EPSV",
        command: "STOR",
        outcome: "refused",
        reply: { code: 522, text: "522 SSL connection failed: session reuse required" },
      });
      expect(result.cause?.kind).toBe("tls-series-stopped");
      expect(result.observed).toContain("stopped at transfer 3 of 8 (EPSV STOR) refused");
      expect(result.hint).toContain("fake_tls_reuse=yes");
    }
    expect(results[0]?.hint).toContain("curl/curl#4654");
    expect(results[1]?.hint).toContain("iterate-ch/cyberduck#18399");
  });

  it("should fail a series whose server goes away at the 3rd data connection", async () => {
    const [result] = await faultFrom(3, closeControl);
    expect(result?.verdict).toBe("fail");
    expect(result?.tlsSeries?.transfers[2]?.outcome).toBe("server-gone");
    expect(result?.tlsSeries?.stoppedAt).toBe(3);
  });

  it("should fail a series left hanging at the 3rd data connection, within the profile's waits", async () => {
    const [result] = await faultFrom(3, hang, { timeouts: FAST_TIMEOUTS });
    expect(result?.verdict).toBe("fail");
    expect(result?.tlsSeries?.transfers[2]?.outcome).toBe("hang");
    // Bounded by the reply wait (FAST_TIMEOUTS: 0.4 s), named in the evidence.
    expect(result?.observed).toContain("no reply to STOR within 0.4 s");
  });

  it("should not apply where the server refuses resumed data connections from the first and serves fresh ones", async () => {
    const [result] = await series({ refuseResumed: true });
    expectSkip(result, "not-applicable", /refuses the first data connection resuming/);
    expect(result?.observed).toContain("522 resumed TLS sessions are not accepted");
    expect(result?.tlsSeries?.transfers).toHaveLength(1);
    expect(result?.tlsSeries?.transfers[0]).toMatchObject({ outcome: "refused", resumed: true });
  });

  it("should not apply without tls in the profile, nor behind the FTP helper", async () => {
    const [result] = await runAgainstFake(agents, tlsSeries, {});
    expectSkip(result, "not-applicable", "the target's profile declares no tls");
    const [helper] = await series({}, { timeouts: FAST_TIMEOUTS, scenario: "nat-alg" });
    expectSkip(helper, "not-applicable", /^behind the FTP helper/);
  });
});
