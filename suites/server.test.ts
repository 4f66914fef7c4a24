import { describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { pasvReply } from "./pasv.js";
import { serverAlive } from "./server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

describe("server.alive", () => {
  const agents = localAgents();

  const crashed = { running: false, exitCode: 139, logTail: "vsftpd: child reaped" };

  it("should pass while the server runs", async () => {
    const [result] = await runAgainstFake(agents, serverAlive, {});
    expect(result?.verdict).toBe("pass");
  });

  it("should fail with the exit code and the last log lines when the server died", async () => {
    const [result] = await runAgainstFake(agents, serverAlive, {}, { health: crashed });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("exited with code 139 (segmentation fault)");
    expect(result?.observed).toContain("vsftpd: child reaped");
    expect(result?.hint).toContain("init");
  });

  it("should make later checks say the server died rather than time out", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, {}, { health: crashed });
    expect(result?.verdict).toBe("error");
    expect(result?.observed).toContain("the server exited (code 139) before this check");
    // Decided before any command: nothing was sent, so nothing was waited for.
    expect(result?.transcript.filter((e) => e.dir === "C")).toEqual([]);
  });
});
