import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../harness/checks/check-result.js";
import type { RunReport } from "../harness/report/run-report.js";
import { runCli } from "./run-cli.js";

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
    const dir = mkdtempSync(join(tmpdir(), "captures-"));
    const file = (name: string) => join(dir, "captures", name);
    let report: RunReport;
    const result = (scenario: string, check: string, variant?: string): CheckResult => {
      const found = report.results.find((r) => r.scenario === scenario && r.check === check && r.variant === variant);
      if (!found) throw new Error(`no ${check} in ${scenario}: ${report.results.map((r) => r.check).join(", ")}`);
      return found;
    };

    beforeAll(async () => {
      const run = runCli([
        "run",
        "--target",
        "vsftpd",
        "--scenario",
        "nat-unadvertised,partial-firewall,nat",
        "--only",
        "pasv.connectable,ports.firewall-window,tls.prot-p",
        "--report-dir",
        dir,
        "--quiet",
      ]);
      const { code, stderr } = await run.done;
      if (code !== 0 && code !== 1) throw new Error(`the run exited ${code}: ${stderr}`);
      report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as RunReport;
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
      expect(result("nat", "tls.prot-p", "pasv").verdict).toBe("pass");
      const pcap = file("vsftpd--nat--agents.pcap");
      const keyLog = file("vsftpd--nat--tls-keys.log");
      expect(readFileSync(keyLog, "utf8")).toMatch(/^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} /m);
      const underTls = "tls && ftp.response.code == 227";
      expect(tshark(pcap, underTls, ["ftp.response.arg"])).toEqual([]);
      const decrypted = tshark(pcap, underTls, ["ftp.response.arg"], ["-o", `tls.keylog_file:${keyLog}`]);
      expect(decrypted.length).toBeGreaterThan(0);
      expect(decrypted[0]).toMatch(/^Entering Passive Mode \(203,0,113,\d+,\d+,\d+\)\.$/);
    });
  },
);
