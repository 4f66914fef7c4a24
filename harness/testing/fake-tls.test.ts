import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TLS_KEY_LOG_PATH } from "../agent/tls-key-log.js";
import { ControlSession } from "../ftp/control-session.js";
import { enterPassive } from "../ftp/passive-mode.js";
import { largestFixture } from "../fixtures/fixture-files.js";
import { authTls, connectProtectedData, dataHandshake, protectData, type DataResumption } from "../ftp/tls-control.js";
import { Transcript } from "../ftp/transcript.js";
import { trustedCa } from "../tls/trusted-ca.js";
import { type FakeBehaviour, settings, startFakeFtpServer } from "./fake-ftp-server.js";
import { localAgent } from "./agents-fixture.js";

/** The agent's FTPS operations against the fake's FTPS: the ground both the checks and their self-tests stand on. */
describe("FTPS between the agent and the fake server", () => {
  const agent = localAgent();
  const ca = () => trustedCa(undefined);

  async function download(behaviour: FakeBehaviour, resumption: DataResumption) {
    const server = await startFakeFtpServer(behaviour);
    const transcript = new Transcript();
    const control = { host: "127.0.0.1", port: server.port };
    try {
      const session = await ControlSession.open(agent, control, transcript, 2000);
      const auth = await authTls(session, agent, transcript, ca());
      await session.login({ user: "u", password: "p" });
      await protectData(session, ca());
      const endpoint = await enterPassive(session, "EPSV", "127.0.0.1");
      const data = await connectProtectedData(agent, endpoint, transcript, {
        ca: ca(),
        control: session,
        resumption,
        timeoutMs: 1000,
      });
      const file = largestFixture();
      const start = await session.send(`RETR ${file.name}`);
      const read = await agent.request("data.read", { data, timeoutMs: 3000 });
      const tls = await dataHandshake(agent, data, transcript, 1000);
      const end = start.code === 150 ? await session.read("RETR", 3000) : start;
      await session.close();
      return { auth, read, tls, end, file };
    } finally {
      await server.close();
    }
  }

  it("should secure the control connection and download over a resumed TLS data connection", async () => {
    const before = existsSync(TLS_KEY_LOG_PATH) ? readFileSync(TLS_KEY_LOG_PATH, "latin1").length : 0;
    const { auth, read, tls, end, file } = await download({ sets: [settings.tls({ requireReuse: true })] }, "resume");
    expect(auth.reply.code).toBe(234);
    expect(auth.tls).toMatchObject({ outcome: "secured", trusted: true, namesHost: true });
    expect(auth.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(auth.tls?.certificate?.issuer).toContain("ftp-conformance run CA");
    expect(read.sha256).toBe(file.sha256);
    expect(tls).toMatchObject({ outcome: "secured", resumed: true });
    expect(end.code).toBe(226);
    const logged = readFileSync(TLS_KEY_LOG_PATH, "latin1").slice(before);
    expect(logged).toMatch(/^(CLIENT_HANDSHAKE_TRAFFIC_SECRET|CLIENT_RANDOM) [0-9a-f]+ [0-9a-f]+$/m);
  });

  it("should be refused with 522 without resumption when the server requires it", async () => {
    const { read, tls, end } = await download({ sets: [settings.tls({ requireReuse: true })] }, "fresh");
    expect(read.bytes).toBe(0);
    expect(tls.resumed ?? false).toBe(false);
    expect(end.code).toBe(522);
  });

  it("should download over a fresh TLS session where the server does not require resumption", async () => {
    const { read, tls, file } = await download({ sets: [settings.tls()] }, "fresh");
    expect(read.sha256).toBe(file.sha256);
    expect(tls).toMatchObject({ outcome: "secured", resumed: false });
  });

  it("should speak TLS from the first byte in implicit mode", async () => {
    const server = await startFakeFtpServer({ sets: [settings.tls({ implicit: true })] });
    try {
      const transcript = new Transcript();
      const { session, tls } = await ControlSession.openImplicit(
        agent,
        { host: "127.0.0.1", port: server.port },
        transcript,
        2000,
        ca(),
      );
      expect(tls).toMatchObject({ outcome: "secured", trusted: true });
      await session.login({ user: "u", password: "p" });
      await session.close();
    } finally {
      await server.close();
    }
  });
});
