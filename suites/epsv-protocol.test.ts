import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { startLocalAgents, type LocalAgents } from "../harness/testing/local-agent.js";
import { epsvAll, epsvNetPrt, epsvNetPrtList } from "./epsv-protocol.js";
import { pasvLoginRequired } from "./login.js";

describe("EPSV protocol checks and pasv.login-required", () => {
  let agents: LocalAgents;
  beforeAll(() => {
    agents = startLocalAgents();
  });
  afterAll(() => agents.close());

  it("should pass against a correct server", async () => {
    for (const check of [epsvNetPrt, epsvNetPrtList, epsvAll, pasvLoginRequired]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("epsv.net-prt should fail when an unknown protocol gets 229", async () => {
    const [result] = await runAgainstFake(agents, epsvNetPrt, {
      command: (verb, arg) => (verb === "EPSV" && arg === "4" ? { reply: "229 (|||5000|)" } : undefined),
    });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("EPSV 4: '229 (|||5000|)'");
  });

  it("epsv.net-prt-list should be non-strict without a protocol list (vsftpd's reply)", async () => {
    const [result] = await runAgainstFake(agents, epsvNetPrtList, {
      command: (verb, arg) => (verb === "EPSV" && arg === "4" ? { reply: "522 Bad network protocol." } : undefined),
    });
    expect(result).toMatchObject({ verdict: "non-strict", observed: "522 Bad network protocol. (no protocol list)" });
  });

  it("epsv.net-prt-list should fail on extra parentheses", async () => {
    const [result] = await runAgainstFake(agents, epsvNetPrtList, {
      command: (verb, arg) => (verb === "EPSV" && arg === "4" ? { reply: "522 (sorry) use (1)" } : undefined),
    });
    expect(result?.observed).toContain("more than one parenthesis");
  });

  it("epsv.all should fail naming what the server still accepts after EPSV ALL", async () => {
    const [result] = await runAgainstFake(agents, epsvAll, { ignoreEpsvAll: true });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^PASV, PORT, EPRT not refused after EPSV ALL/);
  });

  it("epsv.all should be skipped when EPSV ALL is not accepted", async () => {
    const [result] = await runAgainstFake(agents, epsvAll, {
      command: (verb, arg) => (verb === "EPSV" && arg === "ALL" ? { reply: "501 no" } : undefined),
    });
    expect(result?.verdict).toBe("skipped");
  });

  it("pasv.login-required should be non-strict when PASV works before login", async () => {
    const [result] = await runAgainstFake(agents, pasvLoginRequired, {
      command: (verb) => (verb === "PASV" ? { reply: "227 Entering Passive Mode (127,0,0,1,4,1)" } : undefined),
    });
    expect(result).toMatchObject({ verdict: "non-strict", observed: "227 Entering Passive Mode (127,0,0,1,4,1)" });
  });
});
