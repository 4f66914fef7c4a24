import { describe, expect, it } from "vitest";
import { locateChecks, type SourceFile } from "./check-locations.js";

const file = (path: string, ...lines: string[]): SourceFile => ({ path, text: lines.join("\n") });

const PASV = file(
  "suites/pasv.ts",
  'import type { CheckDefinition } from "../harness/checks/check-definition.js";',
  "",
  "export const pasvReply: CheckDefinition = {",
  '  id: "pasv.reply",',
  '  title: "PASV gets 227",',
  "};",
  "",
  "function transferCheck({ id, command }: { id: string; command: string }): CheckDefinition {",
  "  return { id, title: command };",
  "}",
  'export const transferRetr = transferCheck({ id: "transfer.retr", command: "RETR" });',
  "const hidden = {",
  '  id: "pasv.hidden",',
  "};",
);

describe("locateChecks", () => {
  it('should find the file holding id: "<id>" and the tests that import its declaration or name it', () => {
    const tests = [
      file("suites/pasv.test.ts", 'import { pasvReply, type Other as O } from "./pasv.js";'),
      file("suites/waits.test.ts", 'import {\n  transferRetr,\n} from "./pasv.js";'),
      file("suites/ipv6.test.ts", 'expect(names).toContain("transfer.retr[epsv]");'),
      file("suites/other.test.ts", 'import { pasvReply } from "./elsewhere.js";', '"pasv.reply-ish"'),
    ];
    const { locations, unfound, untested } = locateChecks(["pasv.reply", "transfer.retr"], [PASV, ...tests]);
    expect(unfound).toEqual([]);
    expect(untested).toEqual([]);
    expect(locations.get("pasv.reply")).toEqual({ file: "suites/pasv.ts", selfTests: ["suites/pasv.test.ts"] });
    expect(locations.get("transfer.retr")).toEqual({
      file: "suites/pasv.ts",
      selfTests: ["suites/waits.test.ts", "suites/ipv6.test.ts"],
    });
  });

  it("should say which checks it cannot find: an ID from a template, one defined twice", () => {
    const templated = file("suites/active.ts", "export const activePort = {", "  id: `active.${command}`,", "};");
    const twice = file("suites/copy.ts", "export const again = {", '  id: "pasv.reply",', "};");
    const { unfound } = locateChecks(["active.port", "pasv.reply"], [PASV, templated, twice]);
    expect(unfound).toEqual([
      'active.port: no file in suites/ holds id: "active.port" (an ID built from a template cannot be found)',
      'pasv.reply: id: "pasv.reply" is in suites/pasv.ts and suites/copy.ts; one definition',
    ]);
  });

  it("should name a check no test imports or names as untested, even one not exported", () => {
    const named = file("suites/named.test.ts", 'it("pasv.hidden should fail", () => {});');
    expect(locateChecks(["pasv.hidden"], [PASV]).untested).toEqual(["pasv.hidden"]);
    expect(locateChecks(["pasv.hidden"], [PASV, named]).untested).toEqual(["pasv.hidden"]);
    const quoted = file("suites/named.test.ts", 'const id = "pasv.hidden";');
    expect(locateChecks(["pasv.hidden"], [PASV, quoted]).locations.get("pasv.hidden")?.selfTests).toEqual([
      "suites/named.test.ts",
    ]);
  });
});
