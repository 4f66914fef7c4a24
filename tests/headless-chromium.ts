import { existsSync } from "node:fs";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { resultAnchor } from "../harness/report/write-html.js";

/** Debian's chromium, as CI installs it (apt-get install chromium). */
export const CHROMIUM_PATH = process.env.FTP_CONFORMANCE_CHROMIUM ?? "/usr/bin/chromium";

export const chromiumInstalled = () => existsSync(CHROMIUM_PATH);

/** Headless Chromium with nothing that talks to the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--no-first-run",
      "--metrics-recording-only",
      "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
    ],
  });
}

/** Clicks the matrix cell that links to `result`, waits for its evidence to open, and returns it. */
export async function openEvidenceFromCell(page: Page, result: Parameters<typeof resultAnchor>[0]): Promise<Locator> {
  // The matrix's cell: What to fix links to the same evidence.
  await page.locator(`table.matrix a[href="#${resultAnchor(result)}"]`).click();
  const evidence = page.locator(`details[id="${resultAnchor(result)}"]`);
  await expect.poll(() => evidence.getAttribute("open")).toBe("");
  return evidence;
}
