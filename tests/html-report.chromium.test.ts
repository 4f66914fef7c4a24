import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../harness/checks/check-result.js";
import { resultAnchor } from "../harness/report/write-html.js";
import { runFindings, type RunReport } from "../harness/report/run-report.js";
import { firstScreen } from "../harness/report/first-screen.js";
import { sampleCascadeReport, sampleReport, sampleResult } from "../harness/testing/sample-report.js";
import { tempDirs } from "../harness/testing/temp-dirs.js";
import { writeReports } from "../harness/report/write-reports.js";
import { chromiumInstalled, launchChromium } from "./headless-chromium.js";

const tempDir = tempDirs();

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
  result({
    check: "client.curl-strict",
    verdict: "xfail",
    observed: "exit 7, 0 bytes; passive commands: PASV",
    dataCommands: ["PASV"],
  }),
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
    const dir = tempDir("ftpc-html-");
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

/** Where the first screen's picture goes, for a reader (and CI's artifacts) to look at. */
const FIRST_SCREEN_PNG = join("test-results", "report-first-screen.png");
const FIRST_SCREEN = { width: 1280, height: 800 };

/** Whether all of the element is on the first screen, unscrolled. */
async function wholeOnFirstScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= FIRST_SCREEN.height;
}

/** Whether any of the element is on the screen. */
async function onScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.y + box.height > 0 && box.y < FIRST_SCREEN.height;
}

/**
 * The built-in default run (vsftpd and ProFTPD, the nine default scenarios) as it was recorded, its
 * transcripts left out to keep the file small: the first screen is judged on a real run's failures.
 */
const builtinRun = async (): Promise<RunReport> => {
  const recorded = JSON.parse(
    await readFile(new URL("./fixtures/builtin-default-run.json", import.meta.url), "utf8"),
  ) as RunReport;
  return { ...recorded, ...runFindings(recorded.results, recorded.rootCauses, recorded.strict) };
};

describe.runIf(chromiumInstalled() || process.env.CI === "true")(
  "report.html's first screen in headless Chromium",
  () => {
    let browser: Browser;
    const report = sampleCascadeReport();
    const written = async (shown: RunReport) => {
      const dir = tempDir("ftpc-html-");
      await writeReports(dir, shown);
      return pathToFileURL(join(dir, "report.html")).href;
    };

    beforeAll(async () => {
      browser = await launchChromium();
    }, 60000);
    afterAll(async () => browser?.close());

    it("should show what to fix for vsftpd and ProFTPD of the built-in default run without scrolling", async () => {
      const builtin = await builtinRun();
      const page = await browser.newPage({ viewport: FIRST_SCREEN });
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto(await written(builtin));
      await mkdir("test-results", { recursive: true });
      await page.screenshot({ path: FIRST_SCREEN_PNG });

      const heading = page.getByRole("heading", { name: "What to fix", exact: true });
      const lines = page.locator("ol.first-screen > li");
      expect(await lines.count()).toBe(firstScreen(builtin).length);
      expect(await wholeOnFirstScreen(heading)).toBe(true);
      for (let i = 0; i < (await lines.count()); i++) expect(await wholeOnFirstScreen(lines.nth(i))).toBe(true);
      // The summary counts what ran; the requirements that do not apply are counted apart, never as skipped.
      const summary = await page.locator("p").first().innerText();
      expect(summary).toContain(
        "744 results ran: 663 pass, 9 fail, 28 expected fail, 27 non-strict, 17 info; 390 not applicable by design",
      );
      expect(summary).not.toContain("skipped");
      const all = (await lines.allInnerTexts()).join("\n");
      expect(all).toMatch(/vsftpd: epsv\.all/);
      expect(all).toMatch(/proftpd: ports\.exhaustion/);
      const matrix = await page.locator("table.matrix").first().boundingBox();
      expect((await heading.boundingBox())?.y).toBeLessThan(matrix?.y ?? 0);
      expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
      await page.close();
    });

    it("should open with the causes, one line each, above the other failures and the matrices", async () => {
      const page = await browser.newPage({ viewport: FIRST_SCREEN });
      await page.goto(await written(report));
      const lines = page.locator("ol.first-screen > li");
      expect(await lines.evaluateAll((items) => items.map((li) => li.getAttribute("data-kind")))).toEqual([
        "diagnosis",
        "diagnosis",
        "failure",
        "failure",
      ]);
      const first = await lines.first().innerText();
      expect(first).toContain("vsftpd: PASV: '500 OOPS: vsf_sysutil_bind'");
      expect(first).toContain("(cause; explains 2 results in nat; evidence)");
      expect(first).toContain("Fix: vsftpd ends the session with '500 OOPS' when no port in the range is free");
      expect(await lines.nth(2).innerText()).toContain("vsftpd: epsv.all (failure; in direct, nat; evidence)");
      await page.close();
    });

    it("should lead from a cause to its detail, its evidence, and the root cause once", async () => {
      const page = await browser.newPage({ viewport: FIRST_SCREEN });
      await page.goto(await written(report));
      await page.locator("ol.first-screen > li").first().getByRole("link", { name: "evidence" }).click();
      const detail = page.locator("li.fix-group").first();
      await expect.poll(() => onScreen(detail)).toBe(true);
      expect(await detail.innerText()).toContain("Explains: nat ports.exhaustion, nat transfer.retr[pasv]");

      const retr = report.results.find((r) => r.check === "transfer.retr" && r.scenario === "nat") as CheckResult;
      await detail.locator(`a[href="#${resultAnchor(retr)}"]`).click();
      const evidence = page.locator(`details[id="${resultAnchor(retr)}"]`);
      await expect.poll(() => evidence.getAttribute("open")).toBe("");
      expect(await evidence.locator(".consequence").innerText()).toBe(
        "Consequence of vsftpd/nat#1: PASV: '500 OOPS: vsf_sysutil_bind' (no port of the passive range is free)",
      );

      await evidence.locator(".consequence a").click();
      const cause = page.locator("section.root-cause#cause-vsftpd_nat_1");
      await expect.poll(() => onScreen(cause)).toBe(true);
      expect(await page.locator("section.root-cause").count()).toBe(2);
      expect(await cause.locator("ul.consequences li").allInnerTexts()).toEqual([
        "ports.exhaustion: non-strict",
        "transfer.retr[pasv]: FAIL",
        "client.curl: skipped",
      ]);
      expect(await cause.locator("pre.transcript").innerText()).toContain("S 500 OOPS: vsf_sysutil_bind");
      await page.close();
    });
  },
);
