import { describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { faults, quirks, reply, withArgument } from "../harness/testing/fake-ftp-server.js";
import { replyCodes } from "../harness/testing/reply-codes.js";
import { epsvAll, epsvNetPrt, epsvNetPrtList } from "./epsv-protocol.js";
import { pasvLoginRequired } from "./login.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** The faults are handler sets over the correct fake: each test names the command it changes and asserts the verdict and the codes the check heard. */
describe("EPSV protocol checks and pasv.login-required", () => {
  const agents = localAgents();

  it("should pass against a correct server", async () => {
    for (const check of [epsvNetPrt, epsvNetPrtList, epsvAll, pasvLoginRequired]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("epsv.net-prt should fail when an unknown protocol gets 229", async () => {
    const [result] = await runAgainstFake(agents, epsvNetPrt, {
      handlers: { EPSV: withArgument("4", reply("229 (|||5000|)")) },
    });
    expect(result?.verdict).toBe("fail");
    expect(replyCodes(result, ["EPSV 1", "EPSV 4"])).toEqual({ "EPSV 1": 229, "EPSV 4": 229 });
  });

  it("epsv.net-prt-list should be non-strict on a 522 without a protocol list (vsftpd's reply)", async () => {
    const [result] = await runAgainstFake(agents, epsvNetPrtList, {
      handlers: { EPSV: withArgument("4", reply("522 Bad network protocol.")) },
    });
    expect(result?.verdict).toBe("non-strict");
    expect(replyCodes(result, ["EPSV 4"])).toEqual({ "EPSV 4": 522 });
  });

  it("epsv.net-prt-list should be non-strict on a 522 whose list has other parentheses before it", async () => {
    // The correct fake's 522 ends with the same "(1)" and passes (first test): only the extra parenthesis differs.
    const [result] = await runAgainstFake(agents, epsvNetPrtList, {
      handlers: { EPSV: withArgument("4", reply("522 (sorry) use (1)")) },
    });
    expect(result?.verdict).toBe("non-strict");
  });

  it("epsv.all should fail when PASV, PORT and EPRT are still accepted after EPSV ALL", async () => {
    const [result] = await runAgainstFake(agents, epsvAll, { sets: [faults.ignoreEpsvAll] });
    expect(result).toMatchObject({ verdict: "fail", hint: expect.any(String) });
    expect(replyCodes(result, ["EPSV ALL", "PASV", "PORT", "EPRT"])).toEqual({
      "EPSV ALL": 200,
      PASV: 227,
      PORT: 200,
      EPRT: 200,
    });
  });

  it("epsv.all should fail the same on a server that words every reply its own way", async () => {
    const [result] = await runAgainstFake(agents, epsvAll, { sets: [quirks.multiLine, faults.ignoreEpsvAll] });
    expect(result?.verdict).toBe("fail");
    expect(replyCodes(result, ["PASV", "PORT", "EPRT"])).toEqual({ PASV: 227, PORT: 200, EPRT: 200 });
  });

  it("epsv.all should be skipped, sending nothing after it, when EPSV ALL is not accepted", async () => {
    const [result] = await runAgainstFake(agents, epsvAll, {
      handlers: { EPSV: withArgument("ALL", reply("501 no")) },
    });
    expect(result).toMatchObject({ verdict: "not-applicable", skipKind: "not-applicable" });
    expect(replyCodes(result, ["EPSV ALL", "PASV"])).toEqual({ "EPSV ALL": 501, PASV: undefined });
  });

  it("pasv.login-required should be non-strict when PASV works before login", async () => {
    const [result] = await runAgainstFake(agents, pasvLoginRequired, {
      handlers: { PASV: reply("227 Entering Passive Mode (127,0,0,1,4,1)") },
    });
    expect(result).toMatchObject({ verdict: "non-strict", hint: expect.any(String) });
    expect(replyCodes(result, ["USER", "PASV"])).toEqual({ USER: undefined, PASV: 227 });
  });
});
