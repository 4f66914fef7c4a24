import { describe, expect, it } from "vitest";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { epsvConnectable, epsvFormat, epsvReply } from "./epsv.js";
import { faults, reply } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

describe("EPSV checks", () => {
  const agents = localAgents();

  it("should pass against a correct server", async () => {
    for (const check of [epsvReply, epsvFormat, epsvConnectable]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, check.id).toMatchObject({ verdict: "pass" });
    }
  });

  it("should be skipped as unsupported when the server answers 502", async () => {
    for (const check of [epsvReply, epsvFormat, epsvConnectable]) {
      const [result] = await runAgainstFake(agents, check, {
        handlers: { EPSV: reply("502 EPSV not implemented") },
      });
      expect(result, check.id).toMatchObject({ verdict: "skipped" });
      expectSkip(result, "unsupported", /502 EPSV not implemented/);
    }
  });

  it("epsv.reply should fail (non-strict: SHOULD) on a wrong code, and fail under --strict", async () => {
    const behaviour = { sets: [faults.epsvReply(() => "200 whatever")] };
    const [lenient] = await runAgainstFake(agents, epsvReply, behaviour);
    expect(lenient).toMatchObject({ verdict: "non-strict", observed: "200 whatever" });
    const [strict] = await runAgainstFake(agents, epsvReply, behaviour, { strict: true });
    expect(strict?.verdict).toBe("fail");
  });

  it("epsv.format should fail on mixed delimiters", async () => {
    const [result] = await runAgainstFake(agents, epsvFormat, {
      sets: [faults.epsvReply((port) => `229 Entering Extended Passive Mode (|!|${port}|)`)],
    });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("mixed delimiters ('|' and '!')");
  });

  it("epsv.format should fail on a port out of range", async () => {
    const [result] = await runAgainstFake(agents, epsvFormat, { sets: [faults.epsvReply(() => "229 (|||70000|)")] });
    expect(result?.observed).toContain("port 70000 is outside 1..65535");
  });

  it("epsv.connectable should fail when nothing listens on the 229 port", async () => {
    const [result] = await runAgainstFake(agents, epsvConnectable, { sets: [faults.epsvReply(() => "229 (|||1|)")] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("127.0.0.1:1: connection refused");
  });
});
