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
  ])("should refuse %j naming the problem", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("should answer --help, --version and --list without a command", () => {
    expect(parseArgs(["--help"]).kind).toBe("help");
    expect(parseArgs(["--version"]).kind).toBe("version");
    expect(parseArgs(["--list"]).kind).toBe("list");
  });
});
