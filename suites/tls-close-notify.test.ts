import { describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { runUnderTls } from "../harness/testing/run-under-tls.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { localAgents } from "../harness/testing/agents-fixture.js";
import { tlsCloseNotify } from "./tls-close-notify.js";

describe("tls.close-notify", () => {
  const agents = localAgents();

  it("should pass when the server ends a download with close_notify (TLS 1.3, read with the traffic secret)", async () => {
    const [result] = await runUnderTls(agents, tlsCloseNotify);
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("its last record before closing was close_notify (TLSv1.3)");
    expect(result?.observed).toContain("ended with the client's close_notify, then '226 transfer complete'");
  });

  it("should pass under TLS 1.2, where the alert's type shows in the clear", async () => {
    const [result] = await runUnderTls(agents, tlsCloseNotify, { versions: { min: "TLSv1.2", max: "TLSv1.2" } });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("its last record before closing was an alert (TLSv1.2)");
  });

  it("should pass a server that sends close_notify, then answers 226 only once the client has closed too", async () => {
    const [result] = await runUnderTls(agents, tlsCloseNotify, { dataClose: "notify-then-wait" });
    expect(result?.verdict).toBe("pass");
  });

  it.each([
    ["TLSv1.3", "data, not close_notify (TLSv1.3)"],
    ["TLSv1.2", "of type 23, not an alert"],
  ] as const)(
    "should fail a server that closes the TCP connection under %s without close_notify, naming the strict clients",
    async (version, detail) => {
      const [result] = await runUnderTls(agents, tlsCloseNotify, {
        dataClose: "fin-only",
        versions: { min: version, max: version },
      });
      expect(result?.verdict).toBe("fail");
      expect(result?.observed).toContain(detail);
      expect(result?.observed).toContain("the server closed the data connection without close_notify");
      expect(result?.hint).toContain("FileZilla");
      expect(result?.hint).toContain("curl/curl#11383");
    },
  );

  it("should fail a server that refuses an upload the client ends with close_notify", async () => {
    const [result] = await runUnderTls(agents, tlsCloseNotify, {
      uploadEndReply: "426 Failure reading network stream.",
    });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("then '426 Failure reading network stream.'");
  });

  it("should not apply without tls in the profile", async () => {
    const [result] = await runAgainstFake(agents, tlsCloseNotify, {});
    expectSkip(result, "not-applicable", "the target's profile declares no tls");
  });
});
