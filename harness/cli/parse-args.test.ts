import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { COMMAND_NAMES, COMMANDS } from "./command-options.js";
import { DEFAULT_CAPTURE_LIMIT_MEGABYTES } from "../capture/capture-settings.js";
import { DEFAULT_CONCURRENCY } from "./command-options.js";
import { parseArgs } from "./parse-args.js";
import { commandUsage, USAGE } from "./usage.js";

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

  it("should give a bare run its defaults", () => {
    expect(parseArgs(["run"])).toEqual({
      kind: "run",
      targets: [],
      scenarios: [],
      only: [],
      skip: [],
      strict: false,
      quiet: false,
      reportDir: "test-results",
      concurrency: DEFAULT_CONCURRENCY,
      captures: { scope: "control-and-headers", limitMegabytes: DEFAULT_CAPTURE_LIMIT_MEGABYTES },
      subnets: null,
    });
  });

  it.each([
    [["run", "--only", "pasv.*", "--skip=epsv.all,data.*"], { only: ["pasv.*"], skip: ["epsv.all", "data.*"] }],
    [["run", "--report-dir", "a", "--report-dir", "b"], { reportDir: "b" }],
    [["run", "--concurrency=4", "--quiet"], { concurrency: 4, quiet: true }],
    [["run", "--target", " vsftpd , ,proftpd "], { targets: ["vsftpd", "proftpd"] }],
    [["run", "--captures", "off"], { captures: null }],
    [["run", "--captures=all", "--capture-limit", "64"], { captures: { scope: "all", limitMegabytes: 64 } }],
    [["run", "--capture-limit=2"], { captures: { scope: "control-and-headers", limitMegabytes: 2 } }],
    [
      ["run", "--subnets", "192.0.2.0/28,10.77.0.0/23"],
      {
        subnets: {
          ranges: { public: ["192.0.2.0/28"], private: ["10.77.0.0/23"] },
          slots: { public: ["192.0.2.0/29", "192.0.2.8/29"], private: ["10.77.0.0/24", "10.77.1.0/24"] },
        },
      },
    ],
    [["cleanup", "--quiet"], { kind: "cleanup", quiet: true }],
    [["merge", "--", "-odd-name"], { kind: "merge", inputs: ["-odd-name"] }],
    [["run", "--baseline", "ci/known.yaml"], { baseline: { file: "ci/known.yaml", strict: false } }],
    [["run", "--baseline-strict", "--baseline=k.yaml"], { baseline: { file: "k.yaml", strict: true } }],
    [
      ["merge", "a", "--baseline", "k.yaml", "--baseline-strict"],
      { kind: "merge", baseline: { file: "k.yaml", strict: true } },
    ],
  ])("should read %j", (argv, expected) => {
    expect(parseArgs(argv)).toMatchObject(expected);
  });

  it.each([
    [["frobnicate"], "unknown command 'frobnicate'"],
    [["run", "--targt", "vsftpd"], "unknown option '--targt' for 'run'"],
    [["run", "-q"], "unknown option '-q' for 'run'"],
    [["run", "--target"], "--target needs a value"],
    [["run", "--target", "--strict"], "--target needs a value"],
    [["run", "--target="], "--target needs a value"],
    [["run", "--strict=yes"], "--strict takes no value"],
    [["run", "vsftpd"], "unexpected argument 'vsftpd' for 'run'"],
    [["run", "--concurrency", "0"], "--concurrency must be a whole number"],
    [["run", "--concurrency", "2.5"], "--concurrency must be a whole number"],
    [["cleanup", "--target", "x"], "'cleanup' takes only --quiet"],
    [["cleanup", "leftovers"], "unexpected argument 'leftovers' for 'cleanup'"],
    [["run", "--captures", "maybe"], "--captures must be on, off or all, got 'maybe'"],
    [["run", "--capture-limit", "0"], "--capture-limit must be a whole number of megabytes from 1 to 1000"],
    [["run", "--capture-limit", "1.5"], "--capture-limit must be a whole number of megabytes"],
    [["run", "--captures"], "--captures needs a value"],
    [["run", "--shard", "3/2"], "--shard must be i/n with 1 <= i <= n"],
    [["run", "--shard", "1"], "--shard must be i/n"],
    [["run", "--subnets", "10.77.0.0/16"], "--subnets takes two IPv4 ranges, the public one then the private one"],
    [["run", "--subnets", "192.0.2.0/24,10.77.0.0/33"], "--subnets: '10.77.0.0/33' is not an IPv4 range (a.b.c.d/n)"],
    [["run", "--subnets", "192.0.2.0/24,fd00::/48"], "--subnets: 'fd00::/48' is not an IPv4 range"],
    [
      ["run", "--subnets", "192.0.2.7/24,10.77.0.0/16"],
      "--subnets: 192.0.2.7/24 is not the start of its range (did you mean 192.0.2.0/24?)",
    ],
    [
      ["run", "--subnets", "192.0.2.0/30,10.77.0.0/16"],
      "--subnets: the public range 192.0.2.0/30 is smaller than one /29",
    ],
    [
      ["run", "--subnets", "192.0.2.0/24,10.77.0.0/25"],
      "--subnets: the private range 10.77.0.0/25 is smaller than one /24",
    ],
    [
      ["run", "--subnets", "10.77.0.0/24,10.77.0.0/16"],
      "--subnets: the public range 10.77.0.0/24 and the private range 10.77.0.0/16 overlap",
    ],
    [["merge"], "merge needs the report directories"],
    [["merge", "a", "--only", "x"], "'merge' takes only --report-dir, --baseline, --baseline-strict"],
    [["run", "--baseline-strict"], "--baseline-strict needs --baseline FILE"],
    [["run", "--baseline"], "--baseline needs a value"],
    [["baseline"], "baseline needs a report directory (or its report.json)"],
    [["baseline", "a", "b"], "baseline takes one report, got a second: 'b'"],
    [["baseline", "a", "--strict"], "'baseline' takes only --out"],
    [["cleanup", "--baseline", "k.yaml"], "'cleanup' takes only --quiet"],
    [["--quiet", "run"], "--quiet goes after a command, e.g. 'ftp-conformance run --quiet'"],
    [["--bogus"], "unknown option '--bogus'"],
    [["--list", "extra"], "unexpected argument 'extra'"],
  ])("should refuse %j naming the problem", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("should read a baseline command, printing or writing the file", () => {
    expect(parseArgs(["baseline", "test-results"])).toEqual({ kind: "baseline", input: "test-results" });
    expect(parseArgs(["baseline", "r/report.json", "--out", "ci/known.yaml"])).toEqual({
      kind: "baseline",
      input: "r/report.json",
      out: "ci/known.yaml",
    });
  });

  it("should read a shard and a merge", () => {
    expect(parseArgs(["run", "--shard", "2/3"])).toMatchObject({ shard: { index: 2, count: 3 } });
    expect(parseArgs(["merge", "a", "b/report.json", "--report-dir", "out"])).toEqual({
      kind: "merge",
      inputs: ["a", "b/report.json"],
      reportDir: "out",
    });
  });

  it.each([
    [[], { kind: "help" }],
    [["--help"], { kind: "help" }],
    [["-h"], { kind: "help" }],
    [["--version"], { kind: "version" }],
    [["--list"], { kind: "list" }],
    // `npm run conformance -- --list` runs `run --list`.
    [["run", "--list"], { kind: "list" }],
    [["run", "--help"], { kind: "help", command: "run" }],
    [["run", "-h", "--bogus"], { kind: "help", command: "run" }],
    [["merge", "--help"], { kind: "help", command: "merge" }],
    [["baseline", "--help"], { kind: "help", command: "baseline" }],
    [["cleanup", "--help"], { kind: "help", command: "cleanup" }],
    [["--help", "cleanup"], { kind: "help", command: "cleanup" }],
  ])("should answer %j without running anything", (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });
});

describe("usage", () => {
  it.each(COMMAND_NAMES)("should list every option %s takes in its help", (name) => {
    const text = commandUsage(name);
    expect(text).toContain(`Usage: ${COMMANDS[name].synopsis}`);
    for (const option of Object.keys(COMMANDS[name].options))
      expect(text).toMatch(new RegExp(`^ +(-h, )?--${option}\\b`, "m"));
  });

  it("should name every command in the overall help", () => {
    for (const name of COMMAND_NAMES) expect(USAGE).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });
});
