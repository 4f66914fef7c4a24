import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TargetTls } from "../harness/targets/target-spec.js";
import { FAST_TIMEOUTS, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { localAgents } from "../harness/testing/agents-fixture.js";
import { settings, startFakeFtpServer, type FakeBehaviour } from "../harness/testing/fake-ftp-server.js";
import { tlsCloseNotify } from "./tls-close-notify.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { tlsAuth, tlsProtP, tlsRequired, tlsSessionReuse } from "./tls.js";

/**
 * Implicit FTPS on a port of its own beside the plaintext control port, as vsftpd-implicit runs it (990
 * beside 21), in nat: the gateway forwards that port where it forwards the control port, so the tls.*
 * checks apply there and dial it at the public side.
 */
describe("tls checks over an implicit TLS port beside the control port (nat)", () => {
  const agents = localAgents();
  /** The fake's implicit-mode twin, on a port of its own. */
  let implicit: Awaited<ReturnType<typeof startFakeFtpServer>>;
  /** A fake that answers in plaintext on the port the profile declares implicit. */
  let plaintext: Awaited<ReturnType<typeof startFakeFtpServer>>;

  beforeAll(async () => {
    implicit = await startFakeFtpServer({ sets: [settings.tls({ implicit: true, requireReuse: true })] });
    plaintext = await startFakeFtpServer({ sets: [settings.tls()] });
  });
  afterAll(async () => {
    await implicit.close();
    await plaintext.close();
  });

  /**
   * An implicit session's greeting comes after the handshake, within one reply's wait: the first
   * handshakes of a test process took up to 350 ms (measured), near FAST_TIMEOUTS' 400 ms.
   */
  const timeouts = { ...FAST_TIMEOUTS, replyMs: 2000 };
  const declaring = (port: number): FakeRunOptions => {
    const tls: TargetTls = { mode: "implicit", required: false, port, hints: {} };
    return { scenario: "nat", target: { tls }, timeouts };
  };
  /** The server on the control port: it offers explicit FTPS and plaintext, as vsftpd's instance on 21 does. */
  const CONTROL: FakeBehaviour = { sets: [settings.tls()] };

  it("should pass tls.auth at each version, the evidence naming the implicit port", async () => {
    const results = await runAgainstFake(agents, tlsAuth, CONTROL, declaring(implicit.port));
    expect(results.map((r) => [r.variant, r.verdict])).toEqual([
      ["tls1.2", "pass"],
      ["tls1.3", "pass"],
    ]);
    expect(results[1]?.observed).toMatch(
      new RegExp(`^implicit TLS at 127\\.0\\.0\\.1:${implicit.port}: TLSv1\\.3 \\S+ \\S+; certificate`),
    );
    expect(results[1]?.observed).toContain("login under TLS: 230");
  });

  it("should pass tls.prot-p, tls.close-notify and tls.session-reuse over it, each saying implicit", async () => {
    const protP = await runAgainstFake(agents, tlsProtP, CONTROL, declaring(implicit.port));
    expect(protP.map((r) => r.verdict)).toEqual(["pass", "pass", "pass", "pass"]);
    const [close] = await runAgainstFake(agents, tlsCloseNotify, CONTROL, declaring(implicit.port));
    const [reuse] = await runAgainstFake(agents, tlsSessionReuse, CONTROL, declaring(implicit.port));
    for (const result of [...protP, close, reuse]) {
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toMatch(new RegExp(`^implicit TLS at 127\\.0\\.0\\.1:${implicit.port}: `));
    }
    expect(reuse?.observed).toContain("data connections must resume the control connection's TLS session");
  });

  it("should fail tls.auth when the declared implicit port answers in plaintext, saying so and how to fix it", async () => {
    const results = await runAgainstFake(agents, tlsAuth, CONTROL, declaring(plaintext.port));
    expect(results.map((r) => r.verdict)).toEqual(["fail", "fail"]);
    expect(results[0]?.observed).toContain(
      `no TLS from the first byte: implicit TLS control connection to 127.0.0.1:${plaintext.port}: the handshake failed:`,
    );
    expect(results[0]?.hint).toContain(`serve FTPS from the first byte on port ${plaintext.port} (implicit mode)`);
  });

  describe("tls.required with implicit TLS on a port of its own", () => {
    const required = (port: number): FakeRunOptions => {
      const tls: TargetTls = { mode: "implicit", required: true, port, hints: { required: "fake_tls_required=yes" } };
      return { scenario: "nat", target: { tls }, timeouts };
    };

    it("should pass when the plaintext control port beside it refuses USER", async () => {
      const [result] = await runAgainstFake(
        agents,
        tlsRequired,
        { sets: [settings.tls({ required: true })] },
        required(implicit.port),
      );
      expect(result?.verdict).toBe("pass");
      expect(result?.observed).toMatch(/^USER got '530 /);
    });

    it("should fail when the control port beside it logs in in plaintext", async () => {
      const [result] = await runAgainstFake(agents, tlsRequired, CONTROL, required(implicit.port));
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain("logged in with the password sent in plaintext");
      expect(result?.hint).toBe("fake_tls_required=yes");
    });

    it("should not apply with implicit TLS on the control port itself", async () => {
      const tls: TargetTls = { mode: "implicit", required: true, hints: {} };
      const [result] = await runAgainstFake(
        agents,
        tlsRequired,
        { sets: [settings.tls({ implicit: true })] },
        {
          target: { tls },
        },
      );
      expectSkip(result, "not-applicable", "implicit TLS: there is no plaintext control connection");
    });
  });
});
