import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { parseArgs } from "./parse-args.js";

describe("parseArgs", () => {
  it("should read a run with repeated and comma-separated flags", () => {
    expect(
      parseArgs(["run", "--target", "vsftpd", "--target=proftpd", "--scenario", "nat,direct", "--strict"]),
    ).toMatchObject({
      kind: "run",
      targets: ["vsftpd", "proftpd"],
      scenarios: ["nat", "direct"],
      strict: true,
      reportDir: "test-results",
    });
  });

  it.each([
    [["frobnicate"], "unknown command 'frobnicate'"],
    [["run", "--targt", "vsftpd"], "unknown option '--targt'"],
    [["run", "--target"], "--target needs a value"],
    [["run", "--target", "--strict"], "--target needs a value"],
    [["run", "--concurrency", "0"], "--concurrency must be a whole number"],
    [["cleanup", "--target", "x"], "'cleanup' takes only --quiet"],
    [["run", "--shard", "3/2"], "--shard must be i/n with 1 <= i <= n"],
    [["run", "--shard", "1"], "--shard must be i/n"],
    [["merge"], "merge needs the report directories"],
    [["merge", "a", "--only", "x"], "'merge' takes only --report-dir"],
  ])("should refuse %j naming the problem", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("should read a shard and a merge", () => {
    expect(parseArgs(["run", "--shard", "2/3"])).toMatchObject({ shard: { index: 2, count: 3 } });
    expect(parseArgs(["merge", "a", "b/report.json", "--report-dir", "out"])).toEqual({
      kind: "merge",
      inputs: ["a", "b/report.json"],
      reportDir: "out",
    });
  });

  it("should answer --help, --version and --list without a command", () => {
    expect(parseArgs(["--help"]).kind).toBe("help");
    expect(parseArgs(["--version"]).kind).toBe("version");
    expect(parseArgs(["--list"]).kind).toBe("list");
  });
});
