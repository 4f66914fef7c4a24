import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { packageRoot } from "../paths.js";
import { tempDirs } from "../testing/temp-dirs.js";
import { builtinTargets } from "./builtin-targets.js";
import { loadProfile } from "./load-profile.js";
import { DEFAULT_PAIR_BUDGET_SECONDS } from "./profile-schema.js";
import type { TargetSpec } from "./target-spec.js";

const GOOD = `
name: myftp
image: { build: ./ctx }
credentials: { user: u, password: p }
passiveRange: { min: 40000, max: 40004 }
servedDirectory: /srv/ftp/
configure:
  environment: { RANGE: "{{passiveMin}}:{{passiveMax}}", PUBLIC: "{{publicAddress}}" }
  command: ["--port={{controlPort}}", "--masquerade={{publicAddress}}"]
  files: [{ path: /etc/my.conf, template: ./my.conf.tmpl }]
levels: [{ check: data.foreign-refused, level: SHOULD, reason: "a lab server" }]
applies: { scenarios: [direct, nat], skip: [{ check: "epsv.*", reason: "no EPSV" }] }
hints: { publicAddress: "masquerade {{publicAddress}}" }
`;

const tempDir = tempDirs();

/** A profile directory with a build context and a config template beside the profile. */
function profileDir(text: string, name = "profile.yaml"): string {
  const dir = tempDir("ftpc-profile-");
  mkdirSync(join(dir, "ctx"));
  writeFileSync(join(dir, "ctx", "Dockerfile"), "FROM scratch\n");
  writeFileSync(
    join(dir, "my.conf.tmpl"),
    "range {{passiveMin}}\n{{#publicAddress}}masq {{publicAddress}}\n{{/publicAddress}}",
  );
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

/** The one target of a profile without variants. */
function loadOne(path: string): TargetSpec {
  const targets = loadProfile(path);
  expect(targets).toHaveLength(1);
  return targets[0] as TargetSpec;
}

const errorOf = (text: string) => {
  try {
    loadProfile(profileDir(text));
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.replace(/^profile \S+: /, "");
  }
  throw new Error("the profile loaded");
};

describe("loadProfile", () => {
  it("should know which built-in profiles take a host name ({{publicName}}) and render it where one is given", () => {
    const takes = Object.fromEntries(builtinTargets().map((t) => [t.name, t.takesPublicName]));
    expect(takes).toEqual({
      proftpd: true,
      "pure-ftpd": true,
      pyftpdlib: false,
      vsftpd: true,
      "vsftpd-implicit": true,
      "vsftpd-tls-only": true,
    });
    const facts = {
      publicAddress: null,
      publicName: "ftp.dns-name.test",
      family: "ipv4" as const,
      passiveRange: { min: 30000, max: 30009 },
    };
    const byName = (name: string) => builtinTargets().find((t) => t.name === name) as TargetSpec;
    expect(byName("vsftpd").environment(facts)).toMatchObject({ FTP_PUBLIC_NAME: "ftp.dns-name.test" });
    expect(byName("vsftpd").environment(facts)).not.toHaveProperty("FTP_PUBLIC_ADDRESS");
    expect(byName("pure-ftpd").command(facts)).toContain("--forcepassiveip=ftp.dns-name.test");
    expect(byName("pure-ftpd").command({ ...facts, publicName: null, publicAddress: "203.0.113.2" })).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/ftp\.dns-name/)]),
    );
  });

  it("should load a profile and render its templates per scenario", () => {
    const target = loadOne(profileDir(GOOD));
    const advertised = {
      publicAddress: "198.51.100.2",
      family: "ipv4" as const,
      passiveRange: { min: 40000, max: 40004 },
    };
    const unadvertised = { ...advertised, publicAddress: null };
    expect(target).toMatchObject({ name: "myftp", controlPort: 21, servedDirectory: "/srv/ftp", init: false });
    expect(target.environment(advertised)).toEqual({ RANGE: "40000:40004", PUBLIC: "198.51.100.2" });
    expect(target.environment(unadvertised)).toEqual({ RANGE: "40000:40004" });
    expect(target.command(advertised)).toEqual(["--port=21", "--masquerade=198.51.100.2"]);
    expect(target.command(unadvertised)).toEqual(["--port=21"]);
    expect(target.configFiles(advertised)[0]?.content).toBe("range 40000\nmasq 198.51.100.2\n");
    expect(target.configFiles(unadvertised)[0]?.content).toBe("range 40000\n");
    expect(target.settings.publicAddress("203.0.113.9")).toBe("masquerade 203.0.113.9");
    expect(target.settings.passiveRange(1, 2)).toContain("1-2");
    expect(target.scenarios).toEqual(["direct", "nat"]);
    expect(target.levels[0]).toMatchObject({
      pattern: "data.foreign-refused",
      level: "SHOULD",
      field: "levels[0].check",
    });
  });

  it("should give every target a time budget per scenario: 300 s unless the profile says", () => {
    expect(loadOne(profileDir(GOOD)).pairBudgetSeconds).toBe(DEFAULT_PAIR_BUDGET_SECONDS);
    expect(DEFAULT_PAIR_BUDGET_SECONDS).toBe(300);
    expect(loadOne(profileDir(`${GOOD}budget: { pairSeconds: 900 }\n`)).pairBudgetSeconds).toBe(900);
    for (const target of builtinTargets()) expect(target.pairBudgetSeconds).toBe(DEFAULT_PAIR_BUDGET_SECONDS);
  });

  it("should take the harness's waits from the profile, each optional", () => {
    expect(loadOne(profileDir(GOOD)).waits).toBeUndefined();
    expect(loadOne(profileDir(`${GOOD}waits: { replySeconds: 0.5 }\n`)).waits).toEqual({ replySeconds: 0.5 });
    const all = `${GOOD}waits: { replySeconds: 45, dialSeconds: 4, transferSeconds: 120 }\n`;
    expect(loadOne(profileDir(all)).waits).toEqual({ replySeconds: 45, dialSeconds: 4, transferSeconds: 120 });
  });

  it("should have the built-in profiles declare their waits and what their images are configured with", () => {
    const declared = Object.fromEntries(
      builtinTargets().map((t) => [t.name, [t.waits, t.acceptTimeoutSeconds, t.connectTimeoutSeconds]]),
    );
    const fast = { replySeconds: 5, dialSeconds: 2, transferSeconds: 20 };
    expect(declared).toEqual({
      // accept_timeout=3, connect_timeout=5 in docker/vsftpd/vsftpd.conf
      vsftpd: [fast, 3, 5],
      "vsftpd-implicit": [fast, 3, 5],
      "vsftpd-tls-only": [fast, 3, 5],
      // TimeoutStalled 3 in docker/proftpd/proftpd.conf
      proftpd: [fast, 3, 3],
      // PassiveDTP.timeout and ActiveDTP.timeout, 30 s each
      pyftpdlib: [fast, 30, 30],
      // the idle timeout (15 min) bounds both: beyond what a profile may declare
      "pure-ftpd": [fast, undefined, undefined],
    });
  });

  it("should load the same profile written as JSON", () => {
    const json = JSON.stringify({
      name: "j",
      image: { ref: "example/ftp:1" },
      credentials: { user: "u", password: "p" },
      passiveRange: { min: 40000, max: 40004 },
      servedDirectory: "/srv",
    });
    expect(loadOne(profileDir(json, "p.json")).image).toEqual({ kind: "ref", ref: "example/ftp:1" });
  });

  it("should pass a profile's build arguments, numbers as text", () => {
    const target = loadOne(
      profileDir(GOOD.replace("{ build: ./ctx }", "{ build: ./ctx, buildArgs: { VERSION: 3, FLAVOUR: slim } }")),
    );
    expect(target.image).toMatchObject({ kind: "build", buildArgs: { VERSION: "3", FLAVOUR: "slim" } });
  });

  it("should make one target per variant, on the profile's image, each with the variant's overrides", () => {
    const path = profileDir(`${GOOD}variants:
  - { name: plain }
  - name: env
    environment: { RANGE: "wide", EXTRA: "{{controlPort}}" }
  - name: conf
    command: ["--conf"]
    files: [{ path: /etc/my.conf, template: ./other.tmpl }, { path: /etc/more.conf, template: ./my.conf.tmpl }]
`);
    writeFileSync(join(dirname(path), "other.tmpl"), "other {{passiveMax}}\n");
    const targets = loadProfile(path);
    const facts = { publicAddress: "198.51.100.2", family: "ipv4" as const, passiveRange: { min: 40000, max: 40004 } };
    expect(targets.map((t) => t.name)).toEqual(["myftp-plain", "myftp-env", "myftp-conf"]);
    for (const target of targets) expect(target.image).toEqual(targets[0]?.image);
    const [plain, env, conf] = targets as [TargetSpec, TargetSpec, TargetSpec];
    expect(plain.environment(facts)).toEqual({ RANGE: "40000:40004", PUBLIC: "198.51.100.2" });
    expect(plain.command(facts)).toEqual(["--port=21", "--masquerade=198.51.100.2"]);
    expect(env.environment(facts)).toEqual({ RANGE: "wide", PUBLIC: "198.51.100.2", EXTRA: "21" });
    expect(env.configFiles(facts)).toEqual(plain.configFiles(facts));
    expect(conf.command(facts)).toEqual(["--conf"]);
    expect(conf.configFiles(facts)).toEqual([
      { path: "/etc/my.conf", content: "other 40004\n" },
      { path: "/etc/more.conf", content: "range 40000\nmasq 198.51.100.2\n" },
    ]);
    // What is not a configuration is the profile's, for every variant.
    expect(conf.levels).toEqual(plain.levels);
    expect(conf.scenarios).toEqual(["direct", "nat"]);
  });

  it.each([
    ["variants: []\n", "variants: at least one variant (or leave 'variants' out)"],
    ["variants: [{ name: a }, { name: a }]\n", "variants[1].name: another variant is named 'a'"],
    ["variants: [{ name: Big }]\n", "variants[0].name: lower-case letters, digits and '-', at most 22"],
    ["variants: [{ name: a, enviroment: {} }]\n", "variants[0].enviroment: unknown field"],
    ["variants: [{ name: a, command: ['{{publicAdress}}'] }]\n", "variants[0].command[0]: unknown placeholder"],
    [
      "variants: [{ name: a, environment: { X: '{{nope}}' } }]\n",
      "variants[0].environment.X: unknown placeholder {{nope}}",
    ],
    [
      "variants: [{ name: a, files: [{ path: /x, template: ./missing.tmpl }] }]\n",
      "variants[0].files[0].template: './missing.tmpl' does not exist",
    ],
  ])("should refuse a broken variant naming the field (%#)", (variants, message) => {
    expect(errorOf(`${GOOD}${variants}`)).toContain(message);
  });

  it.each([
    [GOOD.replace("passiveRange:", "pasiveRange:"), "pasiveRange: unknown field (did you mean 'passiveRange'?)"],
    [GOOD.replace("min: 40000", "min: forty"), "passiveRange.min: Invalid input: expected number, received string"],
    [GOOD.replace("min: 40000", "min: 50000"), "passiveRange: min must not be above max"],
    [GOOD.replace("min: 40000", "min: 80"), "passiveRange.min: Too small: expected number to be >=1024"],
    [
      GOOD.replace("servedDirectory: /srv/ftp/", "servedDirectory: srv"),
      "servedDirectory: an absolute path inside the container",
    ],
    [GOOD.replace("credentials: { user: u, password: p }", ""), "credentials: missing"],
    [
      GOOD.replace("image: { build: ./ctx }", "image: { build: ./nowhere }"),
      "image.build: './nowhere' does not exist (relative to the profile)",
    ],
    [
      GOOD.replace("image: { build: ./ctx }", "image: { tag: x }"),
      "image: give either 'build: <directory with a Dockerfile>' or 'ref: <image reference>'",
    ],
    [
      GOOD.replace('{{passiveMax}}"', '{{passiveMaximum}}"'),
      "configure.environment.RANGE: unknown placeholder {{passiveMaximum}}",
    ],
    [
      GOOD.replace("level: SHOULD", "level: OPTIONAL"),
      'levels[0].level: Invalid option: expected one of "MUST"|"SHOULD"|"ADVISORY"',
    ],
    [GOOD.replace("scenarios: [direct, nat]", "scenarios: [direct, 7]"), "applies.scenarios[1]: Invalid input"],
    ["name: [unclosed", "not valid YAML"],
    [
      GOOD.replace("{ build: ./ctx }", '{ build: ./ctx, buildArgs: { "BAD-NAME": x } }'),
      "image.buildArgs.BAD-NAME: not a build argument name",
    ],
    [
      GOOD.replace("{ build: ./ctx }", "{ build: ./ctx, buildArgs: { A: [1] } }"),
      "image.buildArgs.A: a string or a number",
    ],
    [`${GOOD}budget: { pairSeconds: 0 }\n`, "budget.pairSeconds: Too small: expected number to be >0"],
    [`${GOOD}budget: { pairSeconds: 7200 }\n`, "budget.pairSeconds: Too big: expected number to be <=3600"],
    [`${GOOD}budget: { pairSecs: 60 }\n`, "budget.pairSecs: unknown field"],
    [`${GOOD}waits: { replySeconds: 0 }\n`, "waits.replySeconds: Too small: expected number to be >0"],
    [`${GOOD}waits: { replySeconds: 301 }\n`, "waits.replySeconds: Too big: expected number to be <=300"],
    [`${GOOD}waits: { dialSeconds: -1 }\n`, "waits.dialSeconds: Too small: expected number to be >0"],
    [`${GOOD}waits: { dialSeconds: 61 }\n`, "waits.dialSeconds: Too big: expected number to be <=60"],
    [`${GOOD}waits: { transferSeconds: slow }\n`, "waits.transferSeconds: Invalid input: expected number"],
    [`${GOOD}waits: { transferSeconds: 601 }\n`, "waits.transferSeconds: Too big: expected number to be <=600"],
    [`${GOOD}waits: { replySecond: 10 }\n`, "waits.replySecond: unknown field"],
  ])("should refuse a broken profile naming the field (%#)", (text, message) => {
    expect(errorOf(text)).toContain(message);
  });

  it("should load the documented example profile", () => {
    const target = loadOne(join(packageRoot(), "examples/custom-vsftpd/profile.yaml"));
    const facts = { publicAddress: "198.51.100.2", family: "ipv4" as const, passiveRange: { min: 40000, max: 40009 } };
    expect(target.configFiles(facts)[0]?.content).toContain("pasv_address=198.51.100.2\npasv_addr_resolve=NO");
  });

  it("should ship vsftpd (also TLS-only and implicit), proftpd, pyftpdlib and pure-ftpd as profiles", () => {
    const targets = builtinTargets();
    expect(targets.map((t) => t.name)).toEqual([
      "proftpd",
      "pure-ftpd",
      "pyftpdlib",
      "vsftpd-implicit",
      "vsftpd-tls-only",
      "vsftpd",
    ]);
    expect(targets.find((t) => t.name === "vsftpd-tls-only")?.tls?.required).toBe(true);
    expect(targets.find((t) => t.name === "vsftpd-implicit")?.tls).toMatchObject({
      mode: "implicit",
      port: 990,
      required: true,
    });
    const pyftpdlib = targets.find((t) => t.name === "pyftpdlib");
    expect(
      pyftpdlib?.command({ publicAddress: null, family: "ipv4", passiveRange: { min: 30000, max: 30009 } }),
    ).not.toContain("--nat-address=");
    expect(pyftpdlib?.init).toBe(true);
  });

  it("should give pure-ftpd its capabilities and leave -P out where no public address is advertised", () => {
    const pureFtpd = builtinTargets().find((t) => t.name === "pure-ftpd");
    const range = { min: 30000, max: 30009 };
    expect(pureFtpd?.capabilities).toEqual(["SYS_NICE", "DAC_READ_SEARCH"]);
    expect(pureFtpd?.command({ publicAddress: null, family: "ipv4", passiveRange: range })?.join(" ")).not.toContain(
      "forcepassiveip",
    );
    expect(pureFtpd?.command({ publicAddress: "198.51.100.2", family: "ipv4" as const, passiveRange: range })).toEqual(
      expect.arrayContaining(["--passiveportrange=30000:30009", "--forcepassiveip=198.51.100.2", "--ipv4only"]),
    );
  });
});
