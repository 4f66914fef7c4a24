import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../harness/checks/check-result.js";
import { resultAnchor } from "../harness/report/write-html.js";
import type { RunReport } from "../harness/report/run-report.js";
import { sampleReport, sampleResult } from "../harness/testing/sample-report.js";
import { writeReports } from "../harness/report/write-reports.js";
import { chromiumInstalled, launchChromium } from "./headless-chromium.js";

const result = (over: Partial<CheckResult>): CheckResult =>
  sampleResult({
    source: "RFC 959 section 4.1.1",
    requirement: "PASV gets 227",
    observed: "227 Entering Passive Mode",
    durationMs: 5,
    ...over,
  });

const RESULTS: CheckResult[] = [
  result({}),
  result({ scenario: "direct" }),
  result({
    check: "epsv.all",
    verdict: "fail",
    expected: "PASV, PORT and EPRT refused after EPSV ALL",
    observed: "EPRT not refused after EPSV ALL: EPRT: '200 EPRT command successful.'",
    hint: "upgrade the server <beyond 3.0.3> & refuse EPRT",
    transcript: [
      { at: 0, dir: "C", text: "PASS ****" },
      { at: 3, dir: "C", text: "EPSV ALL" },
      { at: 4, dir: "S", text: "200 EPSV ALL ok." },
      { at: 5, dir: "S", text: "200 EPRT command successful. <script>alert(1)</script>" },
    ],
  }),
  result({ check: "client.curl-strict", verdict: "xfail", observed: "exit 7, 0 bytes; passive commands: PASV" }),
];

const REPORT: RunReport = sampleReport(RESULTS, {
  tool: { name: "ftp-conformance", version: "test" },
  runId: "html-test",
  startedAt: "2026-11-21T00:00:00.000Z",
  finishedAt: "2026-11-21T00:00:01.000Z",
  scenarios: ["direct", "nat"],
  pairs: ["vsftpd/direct", "vsftpd/nat"],
});

// CI installs chromium; elsewhere the test says it was not run rather than failing the machine.
describe.runIf(chromiumInstalled() || process.env.CI === "true")("report.html in headless Chromium", () => {
  let browser: Browser;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "ftpc-html-"));
    await writeReports(dir, REPORT);
    url = pathToFileURL(join(dir, "report.html")).href;
    browser = await launchChromium();
  }, 60000);
  afterAll(async () => browser?.close());

  it("should render the matrix, open a failing check's evidence from its cell, and load nothing else", async () => {
    const page = await browser.newPage();
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(url);
    expect(await page.title()).toBe("ftp-conformance FAILED");
    const matrix = page.locator('table.matrix[data-target="vsftpd"]');
    await expect.poll(() => matrix.locator("tr").count()).toBe(4);
    const failing = matrix.locator("td.v-fail");
    expect(await failing.innerText()).toBe("FAIL");

    const evidence = page.locator(`details[id="${resultAnchor(RESULTS[2] as CheckResult)}"]`);
    expect(await evidence.getAttribute("open")).toBeNull();
    await failing.locator("a").click();
    await expect.poll(() => evidence.getAttribute("open")).toBe("");
    const transcript = await evidence.locator("pre.transcript").innerText();
    expect(transcript).toContain("C PASS ****");
    expect(transcript).toContain("<script>alert(1)</script>");
    expect(await evidence.locator(".hint").innerText()).toBe("Fix: upgrade the server <beyond 3.0.3> & refuse EPRT");

    const clients = page.locator("table.clients");
    expect(await clients.innerText()).toContain("expected fail (PASV)");
    expect(await page.locator("body").innerText()).toContain("Check reference: docs/checks.md in the ftp-conformance");
    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    await page.close();
  });

  it("should open the evidence named in the address", async () => {
    const page = await browser.newPage();
    await page.goto(`${url}#${resultAnchor(RESULTS[2] as CheckResult)}`);
    const open = await page.locator("details[open]").count();
    expect(open).toBe(1);
    await page.close();
  });

  it("should be one self-contained file", async () => {
    const html = await readFile(new URL(url), "utf8");
    expect(html).not.toMatch(/<(link|img|iframe)\b|src=["']http/);
  });
});
