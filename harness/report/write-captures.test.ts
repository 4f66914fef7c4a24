import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CapturedInterface } from "../capture/captured-packets.js";
import { writeCaptures } from "./write-captures.js";

const side = (host: string, cut = false): CapturedInterface => ({
  role: host.split("-")[0] as string,
  host,
  mac: "02:42:ac:11:00:02",
  pcap: Buffer.from(`pcap of ${host}`),
  cut,
});
const pair = { target: "vsftpd", scenario: "nat" };

describe("writeCaptures", () => {
  let reportDir: string;
  beforeEach(async () => {
    reportDir = await mkdtemp(join(tmpdir(), "write-captures-"));
  });
  afterEach(() => rm(reportDir, { recursive: true, force: true }));

  it("should write each interface's capture under captures/ and link it, marking a cut one", async () => {
    const interfaces = [side("agents"), side("gateway-public", true)];
    const collected = await writeCaptures({ interfaces }, reportDir, pair);
    expect(collected.files).toEqual({
      files: [
        { host: "agents", file: "captures/vsftpd--nat--agents.pcap" },
        { host: "gateway-public", file: "captures/vsftpd--nat--gateway-public.pcap", cut: true },
      ],
    });
    expect(collected.interfaces).toBe(interfaces);
    expect(await readFile(join(reportDir, "captures/vsftpd--nat--gateway-public.pcap"), "utf8")).toBe(
      "pcap of gateway-public",
    );
  });

  it("should write the TLS key log beside the captures only when there is one", async () => {
    const withKeys = await writeCaptures(
      { interfaces: [side("agents")], tlsKeyLog: Buffer.from("CLIENT_RANDOM a b") },
      reportDir,
      pair,
    );
    expect(withKeys.files.tlsKeyLog).toBe("captures/vsftpd--nat--tls-keys.log");
    expect(await readFile(join(reportDir, "captures/vsftpd--nat--tls-keys.log"), "utf8")).toBe("CLIENT_RANDOM a b");
    const other = { target: "proftpd", scenario: "nat" };
    const without = await writeCaptures({ interfaces: [side("agents")] }, reportDir, other);
    expect(without.files.tlsKeyLog).toBeUndefined();
    expect((await readdir(join(reportDir, "captures"))).sort()).toEqual([
      "proftpd--nat--agents.pcap",
      "vsftpd--nat--agents.pcap",
      "vsftpd--nat--tls-keys.log",
    ]);
  });
});
