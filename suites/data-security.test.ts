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
    expect(result?.observed).toContain("the intruder received 1048576 bytes of one-mib.bin");
    expect(result?.hint).toContain("fake_promiscuous=off");
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
