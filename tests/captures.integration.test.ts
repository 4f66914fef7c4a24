import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { packageRoot } from "../harness/paths.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../harness/checks/check-result.js";
import type { RunReport } from "../harness/report/run-report.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { runToReport } from "./run-cli.js";

/** Debian's tshark, as CI installs it (apt-get install tshark). */
const TSHARK = "/usr/bin/tshark";

/** tshark's lines for a display filter on one capture, with these fields. */
function tshark(pcap: string, filter: string, fields: string[], options: string[] = []): string[] {
  const out = execFileSync(
    TSHARK,
    ["-n", "-r", pcap, ...options, "-Y", filter, "-T", "fields", ...fields.flatMap((f) => ["-e", f])],
    { encoding: "utf8", timeout: 60000, stdio: ["ignore", "pipe", "ignore"] },
  );
  return out.split("\n").filter(Boolean);
}

/**
 * One run of the CLI with captures on, three pairs of vsftpd: the findings link their captures,
 * and tshark reads in them what the findings say happened.
 */
describe.runIf(existsSync(TSHARK) || process.env.CI === "true")(
  "packet captures behind the findings",
  {
    timeout: 300000,
  },
  () => {
    const tempDir = tempDirs();
    let dir: string;
    const file = (name: string) => join(dir, "captures", name);
    let report: RunReport;
    const result = (scenario: string, check: string, variant?: string): CheckResult => {
      const found = report.results.find((r) => r.scenario === scenario && r.check === check && r.variant === variant);
      if (!found) throw new Error(`no ${check} in ${scenario}: ${report.results.map((r) => r.check).join(", ")}`);
      return found;
    };

    beforeAll(async () => {
      dir = tempDir("captures-");
      const run = await runToReport(
        [
          "--target",
          "vsftpd",
          "--scenario",
          "nat-unadvertised,partial-firewall,nat",
          "--only",
          "pasv.connectable,ports.firewall-window,tls.prot-p",
        ],
        dir,
      );
      if (run.code !== 0 && run.code !== 1) throw new Error(`the run exited ${run.code}: ${run.stderr}`);
      report = run.report;
    }, 280000);

    it("should link the pair's captures from the finding, in report.json, report.md and report.html", () => {
      const finding = result("nat-unadvertised", "pasv.connectable");
      expect(finding.verdict).toBe("xfail");
      expect(finding.captures?.files.map((f) => f.host).sort()).toEqual([
        "agents",
        "gateway-private",
        "gateway-public",
      ]);
      for (const { file: relative } of finding.captures?.files ?? [])
        expect(existsSync(join(dir, relative))).toBe(true);
      const agents = "captures/vsftpd--nat-unadvertised--agents.pcap";
      expect(readFileSync(join(dir, "report.md"), "utf8")).toContain(`- Captures: [agents](${agents})`);
      expect(readFileSync(join(dir, "report.html"), "utf8")).toContain(
        `<a class="capture" href="${agents}">agents</a>`,
      );
    });

    it("should show the finding's PASV, its 227 and where its data connection attempt ended", () => {
      const finding = result("nat-unadvertised", "pasv.connectable");
      const reply = finding.transcript.find((e) => e.dir === "S" && e.text.startsWith("227 "))?.text ?? "";
      const [, address, p1, p2] = /\((\d+,\d+,\d+,\d+),(\d+),(\d+)\)/.exec(reply) ?? [];
      expect(address).toBeDefined();
      const pcap = file("vsftpd--nat-unadvertised--agents.pcap");
      // The control connection: the 227 the transcript shows, after a PASV on the same connection.
      const replies = tshark(pcap, "ftp.response.code == 227", ["tcp.stream", "ftp.response.arg"]);
      const stream = replies.find((line) => line.endsWith(reply.slice(4)))?.split("\t")[0];
      expect(stream, `${reply} among ${replies.join(" | ")}`).toBeDefined();
      expect(tshark(pcap, `tcp.stream == ${stream} && ftp.request.command == "PASV"`, ["frame.number"])).not.toEqual(
        [],
      );
      // The data connection attempt: to the private address the 227 names, which the client has no
      // route to, so not one packet toward it left the client (the finding says: no route).
      const privateAddress = address!.replace(/,/g, ".");
      expect(finding.observed).toContain(`${privateAddress}:${Number(p1) * 256 + Number(p2)}: no route`);
      expect(tshark(pcap, `ip.dst == ${privateAddress}`, ["frame.number"])).toEqual([]);
    });

    it("should show a data connection attempt the gateway dropped: on its public side, never on its private side", () => {
      const finding = result("partial-firewall", "ports.firewall-window");
      expect(finding.verdict).toBe("xfail");
      expect(finding.captures?.files.map((f) => f.host)).toContain("gateway-private");
      // The gateway forwards 30000-30004 of vsftpd's 30000-30009: dials to the rest are SYNs nobody answers.
      const blocked = "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.dstport >= 30005 && tcp.dstport <= 30009";
      const sent = tshark(file("vsftpd--partial-firewall--agents.pcap"), blocked, ["tcp.dstport"]);
      expect(sent.length).toBeGreaterThan(0);
      expect(tshark(file("vsftpd--partial-firewall--gateway-public.pcap"), blocked, ["tcp.dstport"])).toEqual(sent);
      expect(tshark(file("vsftpd--partial-firewall--gateway-private.pcap"), blocked, ["tcp.dstport"])).toEqual([]);
    });

    it("should decrypt a 227 under TLS with the key log beside the captures", () => {
      const checked = result("nat", "tls.prot-p", "pasv-tls1.3");
      expect(checked.verdict).toBe("pass");
      // The 227 the check read under TLS, as its transcript shows it.
      const reply = checked.transcript.find((e) => e.dir === "S" && e.text.startsWith("227 "))?.text;
      expect(reply).toBeDefined();
      const pcap = file("vsftpd--nat--agents.pcap");
      const keyLog = file("vsftpd--nat--tls-keys.log");
      expect(readFileSync(keyLog, "utf8")).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} /m);
      const underTls = "tls && ftp.response.code == 227";
      expect(tshark(pcap, underTls, ["ftp.response.arg"])).toEqual([]);
      const decrypted = tshark(pcap, underTls, ["ftp.response.arg"], ["-o", `tls.keylog_file:${keyLog}`]);
      expect(decrypted).toContain(reply?.slice(4));
    });
  },
);

/**
 * A server that writes each reply one byte per TCP segment (bench/hostile's slow-replies) is
 * answered directly and through plain NAT, and stalls behind the kernel FTP helper: the captures
 * show the gateway dropping the reply's first byte again and again, and the finding says so.
 */
describe.runIf(existsSync(TSHARK) || process.env.CI === "true")(
  "replies in one-byte segments behind the FTP helper",
  {
    timeout: 300000,
  },
  () => {
    const tempDir = tempDirs();
    let dir: string;
    let report: RunReport;
    const pasvReply = (scenario: string) => {
      const found = report.results.find((r) => r.scenario === scenario && r.check === "pasv.reply");
      if (!found) throw new Error(`no pasv.reply in ${scenario}`);
      return found;
    };

    beforeAll(async () => {
      dir = tempDir("helper-stall-");
      const hostile = join(packageRoot(), "bench", "hostile");
      const profile = parseYaml(readFileSync(join(hostile, "profile.yaml"), "utf8")) as Record<string, unknown>;
      const variants = profile.variants as Array<{ name: string }>;
      const only = {
        ...profile,
        image: { build: join(hostile, "server") },
        variants: variants.filter((v) => v.name === "slow-replies"),
      };
      writeFileSync(join(dir, "slow-replies.json"), JSON.stringify(only));
      const run = await runToReport(
        ["--target", join(dir, "slow-replies.json"), "--scenario", "direct,nat,nat-alg", "--only", "pasv.reply"],
        dir,
      );
      if (run.code !== 0 && run.code !== 1) throw new Error(`the run exited ${run.code}: ${run.stderr}`);
      report = run.report;
    }, 280000);

    it("should be answered directly and through plain NAT", () => {
      expect(pasvReply("direct").verdict).toBe("pass");
      expect(pasvReply("nat").verdict).toBe("pass");
    });

    it("should stall behind the FTP helper, and say from the captures that the helper dropped the reply", () => {
      const stalled = pasvReply("nat-alg");
      expect(stalled.verdict).toBe("fail");
      expect(stalled.observed).toMatch(/^no reply to /);
      expect(stalled.note).toContain("the kernel FTP helper on the gateway (nf_conntrack_ftp) drops such a segment");
      expect(stalled.note).toContain("not the harness's");
      // The frames the note names: the server's one-byte segments on the gateway's private side,
      // none of which (by IP identification, which NAT keeps) left on its public side.
      const frames = (/gateway-private frames? ([\d, ]+)/.exec(stalled.note ?? "")?.[1] ?? "").match(/\d+/g) ?? [];
      expect(frames.length).toBeGreaterThan(1);
      const capture = (side: string) => join(dir, "captures", `hostile-slow-replies--nat-alg--${side}.pcap`);
      const inside = tshark(capture("gateway-private"), `frame.number in {${frames.join(", ")}}`, [
        "tcp.srcport",
        "tcp.len",
        "ip.id",
      ]);
      expect(inside.map((line) => line.split("\t").slice(0, 2))).toEqual(frames.map(() => ["21", "1"]));
      const ids = inside.map((line) => line.split("\t")[2]);
      expect(tshark(capture("gateway-public"), `ip.id in {${ids.join(", ")}}`, ["frame.number"])).toEqual([]);
    });
  },
);
