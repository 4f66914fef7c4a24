import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import { runSuiteAgainstFake } from "../testing/fake-environment.js";
import { hang } from "../testing/fake-ftp-server.js";
import { startLocalAgents, type LocalAgents } from "../testing/local-agent.js";
import { dataMissesControlPeer } from "../topology/scenario.js";
import { SCENARIOS } from "../topology/scenarios.js";

const PASSIVE_REPLIES = CATALOGUE.filter((check) => check.id === "pasv.reply" || check.id === "epsv.reply");
/** Pure-FTPd's answer to a data connection from another address than the control's: none, it waits for the right peer. */
const WAITS_FOR_RIGHT_PEER = { handlers: { LIST: hang, NLST: hang, RETR: hang } };
/** The scenarios whose facts say a data connection misses the session that advertised it. */
const UNPAIRED = SCENARIOS.filter((s) => dataMissesControlPeer(s) !== null).map((s) => s.name);

describe("probeService", { timeout: 30000 }, () => {
  let agents: LocalAgents;
  beforeAll(() => {
    agents = startLocalAgents();
  });
  afterAll(() => agents.close());

  it("should know scenarios where the data connection misses its session, from their facts", () => {
    expect(UNPAIRED).toEqual(expect.arrayContaining(["lb-snat-pool", "userland-proxy"]));
    expect(UNPAIRED).not.toContain("lb-snat");
    expect(UNPAIRED).not.toContain("nat");
  });

  it("should read a server that answers no LIST as stalled where the data connection reaches it as it should", async () => {
    const run = await runSuiteAgainstFake(agents, PASSIVE_REPLIES, WAITS_FOR_RIGHT_PEER, { scenario: "nat" });
    expect(run.rootCauses).toMatchObject([{ stalled: true, firstSeen: "before the first check", step: "PASV" }]);
    expect(run.rootCauses[0]?.description).not.toMatch(/dials no data connection/);
  });

  describe.each(UNPAIRED)("in %s", (scenario) => {
    it("should run the checks of a server that answers no LIST (waiting for the right peer): the probe stops at the passive reply", async () => {
      const run = await runSuiteAgainstFake(agents, PASSIVE_REPLIES, WAITS_FOR_RIGHT_PEER, { scenario });
      expect(run.rootCauses).toEqual([]);
      expect(run.results.map((r) => [r.check, r.verdict])).toEqual([
        ["pasv.reply", "pass"],
        ["epsv.reply", "pass"],
      ]);
    });

    it("should still find a server that stops answering the passive command, saying what the probe left out", async () => {
      const run = await runSuiteAgainstFake(agents, PASSIVE_REPLIES, { handlers: { PASV: hang } }, { scenario });
      expect(run.rootCauses).toMatchObject([{ stalled: true, step: "PASV", firstSeen: "before the first check" }]);
      expect(run.rootCauses[0]?.description).toMatch(
        /^PASV: no reply to PASV within 0\.4 s; the probe dials no data connection here: /,
      );
      expect(run.results.find((r) => r.check === "pasv.reply")?.verdict).toBe("fail");
    });

    it("should still find a server that stops answering after the login", async () => {
      const run = await runSuiteAgainstFake(agents, PASSIVE_REPLIES, { handlers: { PASS: hang } }, { scenario });
      expect(run.rootCauses).toMatchObject([{ stalled: true, step: "login" }]);
    });
  });
});
