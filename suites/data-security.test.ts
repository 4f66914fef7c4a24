import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { startLocalAgents, type LocalAgents } from "../harness/testing/local-agent.js";
import {
  dataBounceRefused,
  dataClientSurvivesIntruder,
  dataForeignRefused,
  dataPrivilegedPortRefused,
} from "./data-security.js";

describe("data-connection security checks", () => {
  let agents: LocalAgents;
  beforeAll(() => {
    agents = startLocalAgents();
  });
  afterAll(() => agents.close());

  it("should pass against a server that checks peers and PORT targets", async () => {
    for (const check of [
      dataForeignRefused,
      dataClientSurvivesIntruder,
      dataBounceRefused,
      dataPrivilegedPortRefused,
    ]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("data.foreign-refused should fail when the intruder gets the file", async () => {
    const [result] = await runAgainstFake(agents, dataForeignRefused, { promiscuous: true });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^the intruder connected, was closed after \d+ ms, and received 1048576 bytes;/);
    expect(result?.observed).toContain("the server sent one-mib.bin to a host that is not the client");
    expect(result?.hint).toContain("fake_promiscuous=off");
  });

  it("data.foreign-refused should pass a server that closes the intruder and keeps waiting for the client", async () => {
    // Pure-FTPd's way: accept, close without data, no reply until the real client connects.
    const [refused, survives] = await Promise.all(
      [dataForeignRefused, dataClientSurvivesIntruder].map(async (check) => {
        const [result] = await runAgainstFake(agents, check, { closeForeignAndWait: true, acceptTimeoutMs: 3000 });
        return result;
      }),
    );
    expect(refused?.verdict).toBe("pass");
    expect(refused?.observed).toMatch(/^the intruder connected, was closed after \d+ ms, and received 0 bytes/);
    expect(refused?.observed).toContain("the client then connected and got 1048576 bytes (sha256 matches)");
    expect(survives).toMatchObject({ verdict: "pass" });
    expect(survives?.observed).toMatch(/^completed intact: RETR one-mib\.bin: '226 transfer complete', sha256 matches/);
  });

  it("the intruder checks should pass a slow server with multi-line replies in its own words", async () => {
    for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
      const [result] = await runAgainstFake(agents, check, { replyDelayMs: 150, multiLine: true });
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("the intruder checks should be inconclusive, not passed, when the advertised port does not listen", async () => {
    for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
      const [result] = await runAgainstFake(agents, check, { advertiseDeadPort: true });
      expect(result?.verdict).toBe("skipped");
      expect(result?.observed).toMatch(
        /^inconclusive: the advertised 127\.0\.0\.1:\d+ \(EPSV\) accepted neither the intruder/,
      );
    }
  });

  it("data.client-survives-intruder should fail when the client's transfer hangs", async () => {
    const [result] = await runAgainstFake(agents, dataClientSurvivesIntruder, {
      command: (verb) => (verb === "RETR" ? { reply: "150 opening" } : undefined),
    });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.observed).toContain("hung after the intruder's attempt");
  });

  it("data.client-survives-intruder should fail on an unclean 5xx", async () => {
    const [result] = await runAgainstFake(agents, dataClientSurvivesIntruder, {
      command: (verb) => (verb === "RETR" ? { reply: "550 something broke" } : undefined),
    });
    expect(result?.observed).toBe("RETR one-mib.bin: '550 something broke'");
  });

  it("data.bounce-refused should fail when the server dials the intruder", async () => {
    const [result] = await runAgainstFake(agents, dataBounceRefused, { portAny: true });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.observed).toContain("PORT: '200 PORT command successful'");
    expect(result?.observed).toMatch(/connections reaching the intruder: 127\.0\.0\.1:\d+/);
  });

  it("data.privileged-port-refused should report PORT to port 80 being accepted", async () => {
    const [result] = await runAgainstFake(agents, dataPrivilegedPortRefused, { portAny: true });
    expect(result).toMatchObject({ verdict: "info", observed: "accepted: '200 PORT command successful'" });
  });
});
