import { describe, expect, it } from "vitest";
import { pasvReply } from "../../suites/pasv.js";
import { expectSkip } from "../testing/expect-skip.js";
import { runAgainstFake } from "../testing/fake-environment.js";
import { reply } from "../testing/fake-ftp-server.js";
import { localAgents } from "../testing/agents-fixture.js";

describe("a profile's check rules", () => {
  const agents = localAgents();
  const refusing = { handlers: { PASV: reply("502 no PASV here") } };

  it("should grade a check at the profile's level and say why in the result", async () => {
    const [plain] = await runAgainstFake(agents, pasvReply, refusing);
    expect(plain).toMatchObject({ level: "MUST", verdict: "fail" });
    const levels = [{ pattern: "pasv.*", level: "SHOULD" as const, reason: "a lab box", field: "levels[0].check" }];
    const [graded] = await runAgainstFake(agents, pasvReply, refusing, { target: { levels } });
    expect(graded).toMatchObject({ level: "SHOULD", verdict: "non-strict" });
    expect(graded?.note).toBe("graded SHOULD instead of MUST by the target's profile: a lab box");
  });

  it("should skip a check the profile leaves out, with its reason", async () => {
    const skip = [{ pattern: "pasv.reply", reason: "this server is EPSV only", field: "applies.skip[0].check" }];
    const [result] = await runAgainstFake(agents, pasvReply, refusing, { target: { skip } });
    expect(result?.verdict).toBe("not-applicable");
    expectSkip(result, "not-applicable", "the target's profile leaves it out: this server is EPSV only");
  });
});
