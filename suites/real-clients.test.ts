import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FAST_TIMEOUTS, runAgainstFake } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { AGENT_PROGRAM } from "../harness/images/in-image-programs.js";
import { bundledProgram } from "../harness/testing/bundled-program.js";
import { type FakeBehaviour, faults, fromNth, quirks, reply, settings } from "../harness/testing/fake-ftp-server.js";
import type { NetworkFacts } from "../harness/topology/network-facts.js";
import {
  activeAddressRefused,
  activeCommands,
  CLIENT_CHECKS,
  clientName,
  lastError,
  passiveCommands,
  REAL_CLIENTS,
  realClientCheck,
  transferredBy,
} from "./real-clients.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** The clients run on this host here, as in the client image there; CI installs lftp. */
const installed = (program: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const EXPLICIT = { mode: "explicit", required: false, hints: {} } as const;
/**
 * A real client is a process (a TLS one does its handshakes in it): on a loaded machine it can take
 * seconds, and FAST_TIMEOUTS' 1.5 s transfer bound killed correct ones. A pass ends when the client
 * does, so a generous bound costs only the tests where a client would hang.
 */
/**
 * The clients' own waits follow the profile's (suites/client-waits.ts): these are the
 * built-in profiles' reply and dial waits (5 s and 2 s), which a client's reply or connect on a
 * loaded machine fits in; FAST_TIMEOUTS' 400 ms would make a verdict by chance.
 */
const CLIENT_TIMEOUTS = { ...FAST_TIMEOUTS, replyMs: 5000, dataConnectMs: 2000, transferMs: 15000, checkMs: 20000 };
const PROGRAM: Record<string, string> = { curl: "curl", lftp: "lftp", "python-ftplib": "python3", "basic-ftp": "node" };

/**
 * The clients side by side (each its own fake servers; a check's time is mostly a client process
 * and the fake's waits), two at a time (the unit tier's maxConcurrency); one client's tests one
 * at a time.
 */
const SIDE_BY_SIDE = { concurrent: true };
/** `it.runIf`, one at a time inside a side-by-side describe. */
const sequentialIf = (condition: boolean | undefined) => (condition ? it.sequential : it.sequential.skip);

describe("real-client checks", () => {
  const agents = localAgents();

  for (const [index, client] of REAL_CLIENTS.entries()) {
    const check = CLIENT_CHECKS[index];
    if (!check) throw new Error("a check per client");
    describe.runIf(installed(PROGRAM[client.wrapper] ?? client.wrapper))(check.id, SIDE_BY_SIDE, () => {
      // A TLS client runs against the fake's explicit FTPS (session reuse not required: see below).
      const run = (behaviour: FakeBehaviour) =>
        client.tls
          ? runAgainstFake(
              agents,
              check,
              { ...behaviour, sets: [settings.tls(), ...(behaviour.sets ?? [])] },
              { target: { tls: EXPLICIT }, timeouts: CLIENT_TIMEOUTS },
            )
          : runAgainstFake(agents, check, behaviour, { timeouts: CLIENT_TIMEOUTS });
      it.sequential("should pass against a correct server, the password kept out of the transcript", async () => {
        const [result] = await run({});
        expect(result?.verdict, result?.observed).toBe("pass");
        expect(result?.observed).toMatch(
          client.tls
            ? // The series: the file three times in one session.
              /^exit 0, 589845 bytes, sha256 [0-9a-f]{64}; 3 of 3 transfers \(RETR, RETR, RETR\) in one session; data commands: (EPSV|PASV)(, (EPSV|PASV)){2,}$/
            : client.active
              ? /^exit 0, 196615 bytes, sha256 [0-9a-f]{64}; data commands: (EPRT|PORT)(, (EPRT|PORT))*$/
              : /^exit 0, 196615 bytes, sha256 [0-9a-f]{64}; data commands: (EPSV|PASV)(, (EPSV|PASV))*$/,
        );
        const text = JSON.stringify(result?.transcript);
        expect(text).toContain(`${clientName(client)}| `);
        expect(text).not.toContain("s3cret-pass");
        expect(result?.dataCommands?.length).toBeGreaterThan(0);
      });

      it.sequential(
        "should pass against a correct but unusual server: every reply late, several in multi-line words",
        async () => {
          // 150 ms per reply is well inside the clients' reply wait (5 s, CLIENT_TIMEOUTS); the run's
          // bound is raised so that a dozen late replies fit.
          const unusual: FakeBehaviour = { sets: [quirks.replyDelay(150), quirks.multiLine] };
          const timeouts = CLIENT_TIMEOUTS;
          const [result] = client.tls
            ? await runAgainstFake(
                agents,
                check,
                { sets: [settings.tls(), ...(unusual.sets ?? [])] },
                { target: { tls: EXPLICIT }, timeouts },
              )
            : await runAgainstFake(agents, check, unusual, { timeouts });
          expect(result?.verdict, result?.observed).toBe("pass");
          expect(JSON.stringify(result?.transcript)).toMatch(/hello from a server with its own words/i);
        },
      );

      it.sequential("should fail when the file arrives altered", async () => {
        const [result] = await run({ sets: [settings.files(() => Buffer.from("cut short"))] });
        expect(result?.verdict).toBe("info");
        // Under TLS the series downloads it three times; ftplib stops at the first (its TLS shutdown of a
        // 9-byte transfer fails: SHUTDOWN_WHILE_IN_INIT), as it did before the series.
        expect(result?.observed, result?.observed).toMatch(
          client.tls ? /, (27 bytes|9 bytes, .*stopped at transfer 1 )/ : /, 9 bytes, sha256 /,
        );
      });

      for (const stop of [2, 3])
        sequentialIf(client.tls)(
          `should fail the series, saying it stopped at transfer ${stop}, when the server refuses the RETRs from that one on`,
          async () => {
            const [result] = await run({
              handlers: fromNth(stop, ["RETR"], reply("522 SSL connection failed: session reuse required")),
            });
            expect(result?.verdict).toBe("info");
            expect(result?.observed).toMatch(
              new RegExp(
                `; ${stop - 1} of 3 transfers done in (one session|\\d sessions \\(logins\\)): ` +
                  `stopped at transfer ${stop} \\(RETR crosses-64k\\.bin\\); `,
              ),
            );
            expect(result?.cause?.kind).toBe("tls-data-connection-refused");
          },
        );

      sequentialIf(client.active)("should fail when the server's connection back never arrives", async () => {
        // Nothing answers the server's dial (ftplib and lftp listen on every address, so a dial to
        // another loopback address would reach them): 425, and the client says so.
        const [result] = await runAgainstFake(agents, check, {
          sets: [settings.active({ silentHosts: ["127.0.0.1"] })],
        });
        expect(result?.verdict).toBe("info");
        expect(result?.observed).toMatch(/^exit [1-9]\d*, 0 bytes/);
        expect(result?.hint).toMatch(/^this client used active mode/);
      });

      sequentialIf(!client.active)(
        "should fail, within the client's connect timeout, when no passive port answers",
        async () => {
          // Both replies name port 1 on this host, where nothing listens: every mode fails.
          const [result] = await run({
            sets: [
              faults.pasvReply(() => "227 Entering Passive Mode (127,0,0,1,0,1)."),
              faults.epsvReply(() => "229 Entering Extended Passive Mode (|||1|)"),
            ],
          });
          expect(result?.verdict).toBe("info");
          expect(result?.observed).toMatch(/^exit [1-9]\d*, 0 bytes/);
          expect(result?.observed).not.toMatch(/^killed after/);
          expect(result?.hint).toContain("fake_range=1024-65535");
        },
      );
    });
  }

  it("TLS clients that resume the control connection's TLS session should cope with a server requiring it; ftplib should not", async () => {
    const outcomes: Record<string, string> = {};
    for (const [index, client] of REAL_CLIENTS.entries()) {
      const check = CLIENT_CHECKS[index];
      if (!client.tls || !check || !installed(PROGRAM[client.wrapper] ?? client.wrapper)) continue;
      const [result] = await runAgainstFake(
        agents,
        check,
        { sets: [settings.tls({ requireReuse: true })] },
        { target: { tls: EXPLICIT }, timeouts: CLIENT_TIMEOUTS },
      );
      outcomes[clientName(client)] = result?.verdict ?? "none";
      if (client.id === "client.ftplib-tls") {
        expect(result?.observed).toMatch(
          /^exit [1-9]\d*, 0 bytes, .*; 0 of 3 transfers done in one session: stopped at transfer 1 /,
        );
      }
      // curl's first data connection resumes the control connection's session; its later ones offer
      // the session its cache holds then, which this fake's data connections do not make resumable
      // (vsftpd and ProFTPD, requiring reuse too, take all three: measured, docs/ftps.md).
      if (client.id === "client.curl-tls")
        expect(result?.observed).toContain("; 1 of 3 transfers done in one session: stopped at transfer 2 (RETR");
    }
    expect(outcomes).toMatchObject({ "ftplib-tls": "info" });
    for (const [name, verdict] of Object.entries(outcomes))
      if (name !== "ftplib-tls" && name !== "curl-tls") expect(verdict, name).toBe("pass");
  });

  it("curl should ignore a wrong 227 address, curl-strict follow it and fail", async () => {
    const wrongAddress: FakeBehaviour = {
      sets: [faults.pasvAddress("127.0.0.9")],
      handlers: { EPSV: reply("502 no") },
    };
    const [curl, strict] = ["client.curl", "client.curl-strict"].map((id) => CLIENT_CHECKS.find((c) => c.id === id));
    if (!curl || !strict || !installed("curl")) return;
    const [lenient] = await runAgainstFake(agents, curl, wrongAddress, { timeouts: CLIENT_TIMEOUTS });
    expect(lenient?.verdict, lenient?.observed).toBe("pass");
    const [followed] = await runAgainstFake(agents, strict, wrongAddress, { timeouts: CLIENT_TIMEOUTS });
    expect(followed?.verdict).toBe("info");
    expect(followed?.observed).toContain("data commands: PASV");
    expect(followed?.hint).toContain("this client used PASV: the 227 must name 127.0.0.1");
  });

  describe.runIf(installed("lftp"))("lftp falling back to the other mode", () => {
    // The harness's wrapper gives lftp one try (net:max-retries 1). lftp switches passive mode off
    // after a refused PASV (on after a refused PORT) and uses the other mode on its next try, which
    // users get (lftp retries by default): a copy of the wrapper allowing a second try shows it.
    const RETRYING = "lftp-retrying";
    const lftpCheck = (active: boolean) => {
      const client = REAL_CLIENTS.find((c) => c.wrapper === "lftp" && !c.tls && (c.active ?? false) === active);
      if (!client) throw new Error("the lftp clients");
      return realClientCheck({ ...client, wrapper: RETRYING });
    };
    const refusing = (verbs: readonly string[]): FakeBehaviour => ({
      handlers: Object.fromEntries(verbs.map((verb) => [verb, reply(`500 ${verb} not understood.`)])),
    });
    beforeAll(() => {
      const dir = join(dirname(bundledProgram(AGENT_PROGRAM)), "clients");
      const wrapper = readFileSync(join(dir, "lftp.sh"), "utf8");
      const retrying = wrapper.replace('"set net:max-retries 1"', '"set net:max-retries 2"');
      if (retrying === wrapper) throw new Error("lftp.sh no longer sets net:max-retries 1: revisit this test");
      writeFileSync(join(dir, `${RETRYING}.sh`), retrying, { mode: 0o755 });
    });

    it("client.lftp should fail when lftp got its file over PORT after the server refused PASV", async () => {
      const [result] = await runAgainstFake(agents, lftpCheck(false), refusing(["EPSV", "PASV"]), {
        timeouts: CLIENT_TIMEOUTS,
      });
      expect(result?.dataCommands).toEqual(["PASV", "PORT"]);
      expect(result?.verdict).toBe("info");
      expect(result?.observed).toMatch(/^exit 0, 196615 bytes, sha256 [0-9a-f]{64}; data commands: PASV, PORT; /);
      expect(result?.observed).toContain("the client fell back to active mode (PORT)");
    });

    it("client.lftp-active should fail when lftp got its file over PASV after the server refused PORT", async () => {
      const [result] = await runAgainstFake(agents, lftpCheck(true), refusing(["EPRT", "PORT"]), {
        timeouts: CLIENT_TIMEOUTS,
      });
      expect(result?.dataCommands).toEqual(["PORT", "PASV"]);
      expect(result?.verdict).toBe("info");
      expect(result?.observed).toContain("the client fell back to passive mode (PASV)");
    });

    it("client.lftp as the harness runs it (one try) should fail there too, without falling back", async () => {
      const check = CLIENT_CHECKS.find((c) => c.id === "client.lftp");
      if (!check) throw new Error("client.lftp");
      const [result] = await runAgainstFake(agents, check, refusing(["EPSV", "PASV"]), { timeouts: CLIENT_TIMEOUTS });
      expect(result?.dataCommands).toEqual(["PASV"]);
      expect(result?.verdict).toBe("info");
      expect(result?.observed).toMatch(/^exit [1-9]\d*, 0 bytes/);
    });
  });

  describe("transferredBy", () => {
    const decide = (kind: "passive" | "active", sent: string[], cut = false) =>
      transferredBy(kind, sent, cut, "exp", "exit 0");
    it.each([
      ["passive", ["EPSV"], "pass"],
      ["passive", ["EPSV", "PASV"], "pass"],
      ["active", ["EPRT", "PORT"], "pass"],
      ["passive", ["PASV", "PORT"], "fail"],
      ["passive", ["EPRT"], "fail"],
      ["active", ["PORT", "PASV"], "fail"],
      ["active", ["EPSV"], "fail"],
      ["passive", [], "skipped"],
      ["active", [], "skipped"],
    ] as const)("an intact %s transfer with %j: %s", (kind, sent, status) => {
      expect(decide(kind, [...sent]).status).toBe(status);
    });

    it("should say why it cannot tell when no command of its mode is in the log", () => {
      expectSkip(decide("passive", []), "inconclusive", /exit 0; the client's log shows no PASV or EPSV/);
    });

    it("should not pass when the log's middle, where a fall-back could be, was left out", () => {
      const outcome = decide("passive", ["PASV"], true);
      expect(outcome.status).toBe("skipped");
      expectSkip(outcome, "inconclusive", /its middle was left out, where a fall-back to active mode/);
    });

    it("should fail a fall-back even from a cut log", () => {
      expect(decide("passive", ["PASV", "PORT"], true).status).toBe("fail");
    });
  });

  it("activeCommands should read each client's log format", () => {
    expect(activeCommands("> EPRT |1|127.0.0.1|40001|\n< 200 ok\n> PORT 127,0,0,1,156,65")).toBe("EPRT, PORT");
    expect(activeCommands("---> PORT 10,213,9,4,156,65\n<--- 200 x")).toBe("PORT");
    expect(activeCommands("*cmd* 'PORT 10,213,9,4,156,65'\n*resp* '200 x'")).toBe("PORT");
    expect(activeCommands("> PASV")).toBe("none seen");
  });

  it.each([
    [
      "curl",
      "> PORT 10,213,9,4,156,65\n< 200 PORT ok\n> TYPE I\n< 200 x\n> RETR f\n< 425 Failed to establish connection.",
      true,
    ],
    ["lftp", "---> PORT 10,213,9,4,156,65\n<--- 500 Illegal PORT command.", true],
    ["ftplib", "*cmd* 'PORT 10,213,9,4,156,65'\n*resp* '200 ok'\n*cmd* 'RETR f'\n*resp* '425 no'", true],
    // A reply holding a quote is printed in double quotes (Pure-FTPd's refusal, measured).
    ["ftplib, quoted", `*cmd* 'PORT 10,213,9,4,152,107'\n*resp* "500 I won't open a connection to 10.213.9.4"`, true],
    ["curl, EPRT", "> EPRT |1|10.213.9.4|40001|\n< 425 no", true],
    ["a client named by its public address", "> PORT 203,0,113,10,156,65\n< 200 ok\n> RETR f\n< 425 no", false],
    [
      "a client that gave up on a silent server",
      "> PORT 10,213,9,4,156,65\n< 200 ok\n> RETR f\ncurl: (28) timeout",
      false,
    ],
  ])("activeAddressRefused should read the cause from %s's log", (_, log, shown) => {
    const network = { clientAddress: "203.0.113.10" } as NetworkFacts;
    expect(activeAddressRefused(log, network)?.kind).toBe(shown ? "active-address-behind-client-nat" : undefined);
  });

  it("passiveCommands should read each client's log format", () => {
    expect(passiveCommands("> EPSV\n< 229 ok\n> PASV")).toBe("EPSV, PASV");
    expect(passiveCommands("---> PASV\n<--- 227 x")).toBe("PASV");
    expect(passiveCommands("*cmd* 'PASV'\n*resp* '227 x'")).toBe("PASV");
    expect(passiveCommands("nothing")).toBe("none seen");
  });

  it("lastError should pick the last line that reads like an error", () => {
    expect(lastError("a\ncurl: (7) Failed to connect to 10.0.0.3 port 30005\nb")).toBe(
      "client said: curl: (7) Failed to connect to 10.0.0.3 port 30005",
    );
    expect(lastError("all good")).toBe("the client gave no error line");
    const curl = [
      "> PASV",
      "< 227 (10,0,0,3,117,53)",
      "* connect to 10.0.0.3 port 30005 failed: Network is unreachable",
      "* Failed to connect to 198.51.100.2 port 21 after 3 ms: Couldn't connect to server",
    ].join("\n");
    expect(lastError(curl)).toBe("client said: * connect to 10.0.0.3 port 30005 failed: Network is unreachable");
  });
});
