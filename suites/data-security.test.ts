import { describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { stoppedOnTheWay } from "../harness/testing/local-agent.js";
import {
  dataBounceRefused,
  dataClientSurvivesIntruder,
  dataForeignRefused,
  dataPrivilegedPortRefused,
} from "./data-security.js";
import {
  type FakeBehaviour,
  faults,
  type HandlerTable,
  quirks,
  reply,
  settings,
} from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

describe("data-connection security checks", () => {
  const agents = localAgents();

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
    const [result] = await runAgainstFake(agents, dataForeignRefused, { sets: [faults.promiscuous] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^the intruder connected, was closed after \d+ ms, and received 1048576 bytes;/);
    expect(result?.observed).toContain("the server sent one-mib.bin to a host that is not the client");
    expect(result?.hint).toContain("fake_promiscuous=off");
  });

  it("data.foreign-refused should pass a server that closes the intruder and keeps waiting for the client", async () => {
    // Pure-FTPd's way: accept, close without data, no reply until the real client connects.
    const [refused, survives] = await Promise.all(
      [dataForeignRefused, dataClientSurvivesIntruder].map(async (check) => {
        const [result] = await runAgainstFake(agents, check, {
          sets: [quirks.closeForeignAndWait, settings.acceptTimeout(3000)],
        });
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
      const [result] = await runAgainstFake(agents, check, { sets: [quirks.replyDelay(150), quirks.multiLine] });
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("the intruder checks should be inconclusive, not passed, when the advertised port does not listen", async () => {
    for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
      const [result] = await runAgainstFake(agents, check, { sets: [faults.advertiseDeadPort] });
      expect(result?.verdict).toBe("skipped");
      expectSkip(result, "inconclusive", /the advertised 127\.0\.0\.1:\d+ \(EPSV\) accepted neither the intruder/);
    }
  });

  it("data.foreign-refused should pass a server that closes the intruder and answers 425 (vsftpd's way)", async () => {
    const [result] = await runAgainstFake(agents, dataForeignRefused, {});
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(
      /^the intruder connected, was (closed|reset) after \d+ ms, and received 0 bytes; RETR one-mib\.bin ended with '425 Security: Bad IP connecting\.': the server closed the intruder's connection and refused it$/,
    );
  });

  describe("a server that hands the data channel to any host is never passed", () => {
    const lax = (handlers: HandlerTable): FakeBehaviour => ({ sets: [faults.promiscuous], handlers });

    it("when the network stopped the intruder and the client's dial connects: inconclusive, not the server's refusal", async () => {
      for (const outcome of ["refused", "timeout"] as const) {
        const stopped = { ...agents, intruder: stoppedOnTheWay(agents.intruder, outcome) };
        for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
          const [result] = await runAgainstFake(stopped, check, { sets: [faults.promiscuous] });
          expect(result?.verdict, `${check.id} (${outcome})`).toBe("skipped");
          expectSkip(
            result,
            "inconclusive",
            /the intruder's dial to the advertised 127\.0\.0\.1:\d+ \(EPSV\): (connection refused|no answer .*), while the client's plain TCP dial connected: a server cannot refuse a TCP connection by its source before accepting it/,
          );
        }
      }
    });

    it("behind a gateway that admits data only through the FTP helper's expectation: not applicable", async () => {
      const stopped = { ...agents, intruder: stoppedOnTheWay(agents.intruder) };
      for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
        const [result] = await runAgainstFake(stopped, check, { sets: [faults.promiscuous] }, { scenario: "nat-alg" });
        expect(result?.verdict).toBe("not-applicable");
        expectSkip(
          result,
          "not-applicable",
          /the gateway forwards no data port and admits a data connection only through its FTP helper's expectation, which names the client's address/,
        );
      }
    });

    it("when RETR is refused before any transfer (550): inconclusive", async () => {
      const [result] = await runAgainstFake(agents, dataForeignRefused, lax({ RETR: reply("550 no such file") }));
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        "RETR one-mib.bin got '550 no such file' before any transfer began, a refusal unrelated to " +
          "the data connection: there was no transfer for the intruder to take",
      );
    });

    it("when TYPE I is refused: inconclusive, and the intruder does not dial", async () => {
      for (const check of [dataForeignRefused, dataClientSurvivesIntruder]) {
        const [result] = await runAgainstFake(
          agents,
          check,
          lax({ TYPE: reply("504 binary mode not supported"), RETR: reply("550 no") }),
        );
        expect(result?.verdict).toBe("skipped");
        expectSkip(result, "inconclusive", /TYPE I got '504 binary mode not supported': /);
        expect(result?.transcript.some((e) => e.text.startsWith("intruder "))).toBe(false);
      }
    });

    it("when it answers 425 with the intruder's connection left open and silent: inconclusive", async () => {
      const [result] = await runAgainstFake(
        agents,
        dataForeignRefused,
        lax({ RETR: reply("425 Can't open data connection.") }),
      );
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        /the intruder connected, was held open .* and received 0 bytes; .*'425 Can't open data connection\.': the server refused the transfer but left the intruder's connection open and silent/,
      );
    });

    it("when the transfer starts but nobody gets the file: inconclusive", async () => {
      const [result] = await runAgainstFake(agents, dataForeignRefused, lax({ RETR: reply("150 opening") }));
      expect(result?.verdict).toBe("skipped");
      expectSkip(
        result,
        "inconclusive",
        /the intruder connected, .* received 0 bytes; .*: the intruder got nothing, but the client did not get one-mib\.bin intact either/,
      );
    });
  });

  it("data.client-survives-intruder should fail when the client's transfer hangs", async () => {
    const [result] = await runAgainstFake(agents, dataClientSurvivesIntruder, {
      handlers: { RETR: reply("150 opening") },
    });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.observed).toContain("hung after the intruder's attempt");
  });

  it("data.client-survives-intruder should fail on an unclean 5xx", async () => {
    const [result] = await runAgainstFake(agents, dataClientSurvivesIntruder, {
      handlers: { RETR: reply("550 something broke") },
    });
    expect(result?.observed).toBe("RETR one-mib.bin: '550 something broke'");
  });

  it("data.bounce-refused should fail when the server dials the intruder", async () => {
    const [result] = await runAgainstFake(agents, dataBounceRefused, { sets: [faults.portAny] });
    expect(result?.verdict).toBe("non-strict");
    expect(result?.observed).toContain("PORT: '200 PORT command successful'");
    expect(result?.observed).toMatch(/connections reaching the intruder: 127\.0\.0\.1:\d+/);
  });

  it("data.privileged-port-refused should report PORT to port 80 being accepted", async () => {
    const [result] = await runAgainstFake(agents, dataPrivilegedPortRefused, { sets: [faults.portAny] });
    expect(result).toMatchObject({ verdict: "info", observed: "accepted: '200 PORT command successful'" });
  });
});
