import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../paths.js";
import { inconclusive, notApplicable, SKIP_KINDS, skipped, unsupported } from "./outcome.js";

describe("the skip constructors", () => {
  it.each([
    [notApplicable, "not-applicable"],
    [unsupported, "unsupported"],
    [inconclusive, "inconclusive"],
  ] as const)("%o: a skip of kind %s, its observed text the reason alone", (make, kind) => {
    expect(make("no NAT in this scenario")).toEqual({
      status: "skipped",
      skipKind: kind,
      expected: "-",
      observed: "no NAT in this scenario",
    });
  });

  it("should give every kind a skip with that kind in its field and the reason alone as its observed text", () => {
    for (const kind of SKIP_KINDS) {
      expect(skipped(kind, "why")).toEqual({ status: "skipped", skipKind: kind, expected: "-", observed: "why" });
    }
  });
});

/** The words a kind's label opens with (verdict-labels.ts's SKIP_LABEL), as a literal or a pattern opens with them. */
const KIND_WORDS = "(not applicable|inconclusive|unsupported|not run|out of time|out of budget)";
/** A string, template or regular expression that opens with a kind's words and a colon, or a test of a text's opening. */
const WORDED_KIND = new RegExp(
  `["'\`/]\\^?\\s*${KIND_WORDS}:|startsWith\\(\\s*["'\`]${KIND_WORDS}|\\.observed\\b[^\\n]*["'\`/]\\^?${KIND_WORDS}`,
  "i",
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("a skip's kind as data", () => {
  it("should recognise the ways code once wrote or read a kind from the observed text", () => {
    for (const line of [
      "return skip(`inconclusive: no data connection came`);",
      "return skip(\n        `not applicable: ${reason}`);",
      'observed: "not run: the server stopped answering",',
      'const allowed = result.observed.startsWith("not applicable:");',
      "expect(result?.observed).toMatch(/^inconclusive: RETR got 550/);",
      "expect(overIpv4?.observed).not.toMatch(/^not applicable/);",
    ]) {
      expect(line, line).toMatch(WORDED_KIND);
    }
    for (const line of [
      'it("should be inconclusive when no data connection comes", async () => {',
      'expectSkip(result, "not-applicable", "the target declares no connect timeout");',
      '"ftp-conformance: INCOMPLETE (4 results: 1 pass, 3 skipped (3 out of budget); 3 left undecided"',
    ]) {
      expect(line, line).not.toMatch(WORDED_KIND);
    }
  });

  it("should have the kinds' labels written only by verdict-labels.ts, and read by no code or test", () => {
    const root = packageRoot();
    const own = join(root, "harness", "report", "verdict-labels.ts");
    const worded = ["harness", "suites", "tests", "bench"]
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => file !== own && file !== join(root, "harness", "checks", "outcome.test.ts"))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, i) => ({ where: `${relative(root, file)}:${i + 1}`, line: line.trim() }))
          .filter(({ line }) => WORDED_KIND.test(line)),
      );
    expect(worded).toEqual([]);
  });
});
