import { describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { pasvConnectable, pasvFormat, pasvReply } from "./pasv.js";
import {
  closeControl,
  faults,
  raw,
  reply,
  type FakeBehaviour,
  type Handler,
} from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** A fake whose PASV is answered by `handler`. */
const onPasv = (handler: Handler): FakeBehaviour => ({ handlers: { PASV: handler } });
/** A fake whose every PASV is answered with `text`. */
const answering = (text: string): FakeBehaviour => ({ sets: [faults.pasvReply(() => text)] });

describe("PASV checks", () => {
  const agents = localAgents();

  it("should pass against a correct server", async () => {
    for (const check of [pasvReply, pasvFormat, pasvConnectable]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, check.id).toMatchObject({ verdict: "pass" });
    }
  });

  it("pasv.reply should fail when PASV is refused", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, onPasv(reply("502 PASV not implemented")));
    expect(result).toMatchObject({ verdict: "fail", observed: "502 PASV not implemented" });
  });

  it("pasv.format should fail on numbers out of range", async () => {
    const [result] = await runAgainstFake(
      agents,
      pasvFormat,
      answering("227 Entering Passive Mode (300,0,0,1,117,48)."),
    );
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("h1 = 300 is outside 0..255");
  });

  it("pasv.format should fail on five numbers", async () => {
    const [result] = await runAgainstFake(agents, pasvFormat, answering("227 Entering Passive Mode (127,0,0,1,117)"));
    expect(result?.observed).toContain("not six comma-separated numbers");
  });

  it("pasv.connectable should fail when nothing listens on the advertised port", async () => {
    const [result] = await runAgainstFake(
      agents,
      pasvConnectable,
      answering("227 Entering Passive Mode (127,0,0,1,0,1)."),
    );
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("127.0.0.1:1: connection refused");
  });

  it("pasv.connectable should not dial an address outside the topology, and fail fast", async () => {
    const [result] = await runAgainstFake(agents, pasvConnectable, { sets: [faults.pasvAddress("192.0.2.10")] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("192.0.2.10");
    expect(result?.observed).toContain("outside the test topology, so the harness did not dial it");
  });

  it("pasv.reply should fail with a clear message when the server hangs mid-reply", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, onPasv(raw("227 Entering Pass")));
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toBe("no reply to PASV within 0.4 s");
  });

  it("pasv.reply should fail when the server closes the control connection after PASV", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, onPasv(closeControl));
    expect(result?.observed).toBe("the server closed the control connection to PASV");
  });

  it("pasv.reply should fail when the server floods a 10 MB line", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, onPasv(raw(`227 ${"9,".repeat(5 * 1024 * 1024)}`)));
    expect(result?.observed).toContain("reply line over 8 KiB");
  });

  it("should mask the password in the transcript", async () => {
    const [result] = await runAgainstFake(agents, pasvReply, {});
    const texts = result?.transcript.map((e) => e.text) ?? [];
    expect(texts).toContain("PASS ****");
    expect(JSON.stringify(result)).not.toContain("s3cret-pass");
  });
});
