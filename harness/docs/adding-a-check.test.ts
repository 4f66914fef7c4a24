import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../suites/catalogue.js";
import type { CheckDefinition } from "../checks/check-definition.js";
import { packageRoot } from "../paths.js";
import { locateChecks, readSuiteFiles } from "./check-locations.js";
import { formattedCheckReference } from "./formatted-check-reference.js";

const root = packageRoot();

/** The walkthrough: docs/development.md's "## Adding a check", up to the next section. */
function walkthrough(): string {
  const text = readFileSync(join(root, "docs", "development.md"), "utf8");
  const start = text.indexOf("\n## Adding a check\n");
  if (start === -1) throw new Error('docs/development.md has no "## Adding a check"');
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

/** The files the walkthrough writes: its TypeScript blocks that start with `// suites/<name>.ts`. */
function walkthroughFiles(section: string): Array<{ path: string; text: string }> {
  return [...section.matchAll(/```ts\n\/\/ (suites\/[\w.-]+\.ts)\n([\s\S]*?)```/g)].map(([, path = "", text = ""]) => ({
    path,
    text,
  }));
}

/**
 * The walkthrough done in a copy: suites/ copied to a temporary directory (harness/ and node_modules linked),
 * the walkthrough's files written there and nothing else, then the catalogue, the locator and the generated
 * reference read from the copy, and its self-test run by vitest.
 */
describe("docs/development.md: Adding a check", { timeout: 180_000 }, () => {
  const section = walkthrough();
  const files = walkthroughFiles(section);
  const copy = mkdtempSync(join(tmpdir(), "ftp-conformance-adding-a-check-"));
  let checks: readonly CheckDefinition[] = [];

  beforeAll(async () => {
    cpSync(join(root, "suites"), join(copy, "suites"), { recursive: true });
    symlinkSync(join(root, "harness"), join(copy, "harness"), "dir");
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
    for (const file of files) {
      if (existsSync(join(copy, file.path))) throw new Error(`the walkthrough's ${file.path} already exists`);
      writeFileSync(join(copy, file.path), file.text);
    }
    ({ CATALOGUE: checks } = (await import(join(copy, "suites", "catalogue.ts"))) as {
      CATALOGUE: readonly CheckDefinition[];
    });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  const added = () => checks.filter((check) => !CATALOGUE.some((c) => c.id === check.id)).map((c) => c.id);

  it("should write a check file and its self-test in suites/, nothing else", () => {
    expect(files.map((f) => f.path)).toEqual(["suites/type.ts", "suites/type.test.ts"]);
  });

  it("should have the catalogue pick the check up, the others kept in their order", () => {
    expect(added()).toEqual(["type.image"]);
    expect(checks.map((c) => c.id).filter((id) => id !== "type.image")).toEqual(CATALOGUE.map((c) => c.id));
  });

  it("should find the check's literal ID, its file and its self-test", () => {
    const { locations, unfound, untested } = locateChecks(
      checks.map((c) => c.id),
      readSuiteFiles(copy),
    );
    expect({ unfound, untested }).toEqual({ unfound: [], untested: [] });
    expect(locations.get("type.image")).toEqual({ file: "suites/type.ts", selfTests: ["suites/type.test.ts"] });
  });

  it("should give the check its section and its rows in the index by source of the generated reference", async () => {
    const reference = await formattedCheckReference(checks, copy);
    expect(reference).toContain('### <a id="type.image"></a>`type.image`: TYPE I gets 200');
    const row = (section: string) =>
      new RegExp(
        `\\| \\[${section.replace(/\./g, "\\.")}\\]\\(https://www\\.rfc-editor\\.org/rfc/rfc959#section-${section}\\) +` +
          "\\| \\[`type\\.image`\\]\\(#type\\.image\\) +\\| SHOULD +\\| \\[suites/type\\.ts\\]\\(\\.\\./suites/type\\.ts\\) +" +
          "\\| \\[suites/type\\.test\\.ts\\]\\(\\.\\./suites/type\\.test\\.ts\\) +\\|",
      );
    expect(reference).toMatch(row("4.1.2"));
    expect(reference).toMatch(row("3.1.1.3"));
  });

  it("should have a self-test that passes, run by vitest in the copy", async () => {
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [vitest, "run", "--root", copy, "suites/type.test.ts"],
      { env: { ...env, NO_COLOR: "1" }, cwd: copy },
    );
    expect(stdout).toMatch(/Tests\s+2 passed \(2\)/);
  });
});
