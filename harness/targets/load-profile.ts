import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ProfileError } from "../errors.js";
import { describeIssues } from "./describe-issue.js";
import { SERVER_CERTIFICATE_PATH, SERVER_KEY_PATH, serverTlsFiles } from "../tls/server-tls-files.js";
import {
  buildArgsSchema,
  profileSchema,
  TEMPLATE_VARIABLES,
  TLS_TEMPLATE_VARIABLES,
  type Profile,
} from "./profile-schema.js";
import {
  needsMissing,
  namesPlaceholder,
  renderTemplate,
  unknownPlaceholders,
  unreadableTemplate,
  type TemplateValues,
} from "./render-template.js";
import { targetConfigurations, type TargetConfiguration } from "./profile-variants.js";
import type { ScenarioFacts, TargetSpec } from "./target-spec.js";

/**
 * Reads, validates and resolves a profile file into its targets: one, or one per variant (all on
 * the same image). Anything wrong is a ProfileError naming the file and field.
 */
export function loadProfile(path: string): TargetSpec[] {
  const file = resolve(path);
  const fail = (field: string, message: string) => new ProfileError(`profile ${path}: ${field}: ${message}`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new ProfileError(`profile ${path}: no such file`);
  const text = readFileSync(file, "utf8");
  let data: unknown;
  try {
    data = extname(file) === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ProfileError(
      `profile ${path}: not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${firstLine(error)}`,
    );
  }
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) {
    throw fail(...describeIssues(parsed.error.issues));
  }
  const profile = parsed.data;
  const dir = dirname(file);
  const configurations = targetConfigurations(profile);
  checkTemplates(profile, configurations, fail);
  const source = (field: string, relative: string) => {
    const full = resolve(dir, relative);
    if (!existsSync(full)) throw fail(field, `'${relative}' does not exist (relative to the profile)`);
    return full;
  };
  let buildArgs: Record<string, string> | undefined;
  if ("build" in profile.image) {
    const context = source("image.build", profile.image.build);
    const dockerfile = profile.image.dockerfile ?? "Dockerfile";
    if (!existsSync(join(context, dockerfile)))
      throw fail("image.build", `no ${dockerfile} in '${profile.image.build}'`);
    if (profile.image.buildArgs !== undefined) {
      const args = buildArgsSchema.safeParse(profile.image.buildArgs);
      if (!args.success) {
        const [field, message] = describeIssues(args.error.issues);
        throw fail(field === "(top level)" ? "image.buildArgs" : `image.buildArgs.${field}`, message);
      }
      buildArgs = args.data;
    }
  }
  const servedFiles = profile.servedFiles.map((f, i) => ({
    name: f.name,
    content: readFileSync(source(`servedFiles[${i}].source`, f.source)),
  }));
  const ca = profile.tls?.ca === undefined ? undefined : readCaFile(profile.tls.ca, source, fail);
  let logLine: RegExp | undefined;
  if (profile.startup.logLine !== undefined) {
    try {
      logLine = new RegExp(profile.startup.logLine);
    } catch (error) {
      throw fail("startup.logLine", `not a regular expression: ${firstLine(error)}`);
    }
  }
  return configurations.map((configuration) => {
    const templates = configuration.files.map((f) => {
      const template = readFileSync(source(f.field, f.template), "utf8");
      const unreadable = unreadableTemplate(template);
      if (unreadable) throw fail(f.field, unreadable);
      const unknown = unknownPlaceholders(template);
      if (unknown.length > 0) throw fail(f.field, `unknown placeholder {{${unknown[0]}}}`);
      const tlsOnly = tlsPlaceholderWithoutTls(profile, template);
      if (tlsOnly) throw fail(f.field, tlsOnly);
      return { path: f.path, template };
    });
    return toTarget(profile, configuration, dir, path, templates, servedFiles, logLine, buildArgs, ca);
  });
}

function toTarget(
  profile: Profile,
  configuration: TargetConfiguration,
  dir: string,
  origin: string,
  templates: Array<{ path: string; template: string }>,
  servedFiles: TargetSpec["servedFiles"],
  logLine: RegExp | undefined,
  buildArgs: Record<string, string> | undefined,
  ca: { file: string; pem: string } | undefined,
): TargetSpec {
  const values = (facts: ScenarioFacts): TemplateValues => ({
    publicAddress: facts.publicAddress,
    publicName: facts.publicName ?? null,
    addressFamily: facts.family,
    passiveMin: String(facts.passiveRange.min),
    passiveMax: String(facts.passiveRange.max),
    controlPort: String(profile.controlPort),
    tlsCertificate: profile.tls ? SERVER_CERTIFICATE_PATH : null,
    tlsKey: profile.tls ? SERVER_KEY_PATH : null,
  });
  const hint = (template: string | undefined, fallback: string, facts: Partial<TemplateValues> = {}) =>
    renderTemplate(template ?? fallback, {
      publicAddress: null,
      publicName: null,
      addressFamily: "ipv4",
      passiveMin: String(profile.passiveRange.min),
      passiveMax: String(profile.passiveRange.max),
      controlPort: String(profile.controlPort),
      tlsCertificate: null,
      tlsKey: null,
      ...facts,
    });
  const { hints } = profile;
  const { environment, command } = configuration;
  return {
    name: configuration.name,
    ...(configuration.variantOf ? { variantOf: configuration.variantOf } : {}),
    ...(profile.description ? { description: profile.description } : {}),
    origin,
    image:
      "build" in profile.image
        ? {
            kind: "build",
            context: resolve(dir, profile.image.build),
            ...(profile.image.dockerfile ? { dockerfile: profile.image.dockerfile } : {}),
            ...(buildArgs ? { buildArgs } : {}),
          }
        : { kind: "ref", ref: profile.image.ref },
    controlPort: profile.controlPort,
    credentials: profile.credentials,
    passiveRange: profile.passiveRange,
    ...(profile.tls
      ? {
          tls: {
            mode: profile.tls.mode,
            required: profile.tls.required,
            ...(profile.tls.port !== undefined ? { port: profile.tls.port } : {}),
            ...(ca ? { ca } : {}),
            hints: profile.tls.hints,
          },
        }
      : {}),
    ...(profile.acceptTimeoutSeconds !== undefined ? { acceptTimeoutSeconds: profile.acceptTimeoutSeconds } : {}),
    ...(profile.connectTimeoutSeconds !== undefined ? { connectTimeoutSeconds: profile.connectTimeoutSeconds } : {}),
    ...(profile.waits ? { waits: profile.waits } : {}),
    pairBudgetSeconds: profile.budget.pairSeconds,
    servedDirectory: profile.servedDirectory.replace(/\/+$/, ""),
    // An item that names a value this scenario lacks (the public address) is left out whole.
    environment: (facts) =>
      Object.fromEntries(
        environment
          .filter(({ template }) => !needsMissing(template, values(facts)))
          .map(({ key, template }) => [key, renderTemplate(template, values(facts))]),
      ),
    command: (facts) =>
      command
        ? command
            .filter(({ template }) => !needsMissing(template, values(facts)))
            .map(({ template }) => renderTemplate(template, values(facts)))
        : null,
    configFiles: (facts) => [
      ...templates.map((t) => ({ path: t.path, content: renderTemplate(t.template, values(facts)) })),
      // The run's server certificate and key, at the paths {{tlsCertificate}} and {{tlsKey}} name.
      ...(profile.tls ? serverTlsFiles(certificateNames(facts)) : []),
    ],
    servedFiles,
    capabilities: profile.capabilities,
    init: profile.init,
    startup: { ...(logLine ? { logLine } : {}), timeoutMs: profile.startup.timeoutSeconds * 1000 },
    takesPublicName: [...environment, ...(command ?? []), ...templates].some(({ template }) =>
      namesPlaceholder(template, "publicName"),
    ),
    scenarios: profile.applies.scenarios ?? null,
    ipv6: profile.applies.ipv6,
    skip: profile.applies.skip.map((s, i) => ({
      pattern: s.check,
      reason: s.reason,
      field: `applies.skip[${i}].check`,
    })),
    levels: profile.levels.map((l, i) => ({
      pattern: l.check,
      level: l.level,
      reason: l.reason,
      field: `levels[${i}].check`,
    })),
    settings: {
      publicAddress: (address) =>
        hint(hints.publicAddress, "configure the server to advertise {{publicAddress}} in its 227 replies", {
          publicAddress: address,
        }),
      passiveRange: (min, max) =>
        hint(hints.passiveRange, "the passive range {{passiveMin}}-{{passiveMax}} in the server's configuration", {
          passiveMin: String(min),
          passiveMax: String(max),
        }),
      foreignDataRefused: hint(
        hints.foreignDataRefused,
        "the server's check that a data connection comes from the client",
      ),
      portRestricted: hint(
        hints.portRestricted,
        "the server's check that PORT/EPRT name the client and a port >= 1024",
      ),
      acceptTimeout: hint(hints.acceptTimeout, "the server's timeout for an unused passive listener"),
      rangeExhausted: hint(
        hints.rangeExhausted,
        "answer 425 when no passive port is free; widen the range or cap concurrent sessions below its size",
      ),
    },
  };
}

/** Every template in the profile's fields (and its variants') uses known placeholders only. */
function checkTemplates(
  profile: Profile,
  configurations: readonly TargetConfiguration[],
  fail: (field: string, message: string) => ProfileError,
): void {
  const fields: Array<[string, string]> = [
    ...configurations
      .flatMap((c) => [...c.environment, ...(c.command ?? [])])
      .map((t) => [t.field, t.template] as [string, string]),
    ...Object.entries(profile.hints).map(([k, v]) => [`hints.${k}`, v ?? ""] as [string, string]),
  ];
  for (const [field, template] of fields) {
    const unreadable = unreadableTemplate(template);
    if (unreadable) throw fail(field, unreadable);
    const unknown = unknownPlaceholders(template);
    if (unknown.length > 0)
      throw fail(field, `unknown placeholder {{${unknown[0]}}} (known: ${TEMPLATE_VARIABLES.join(", ")})`);
    const tlsOnly = tlsPlaceholderWithoutTls(profile, template);
    if (tlsOnly) throw fail(field, tlsOnly);
  }
}

/** Why a template may not name a TLS placeholder here (the profile declares no `tls`), or null. */
function tlsPlaceholderWithoutTls(profile: Profile, template: string): string | null {
  if (profile.tls) return null;
  const named = TLS_TEMPLATE_VARIABLES.find((name) => new RegExp(`\\{\\{\\s*[#/]?${name}\\s*\\}\\}`).test(template));
  return named ? `{{${named}}} needs a 'tls' section in the profile (the harness writes the files only then)` : null;
}

/**
 * The addresses the server certificate names: what the topology says the client dials, else the
 * advertised public address; a name that matches nothing when neither is known (the handshake
 * still completes, and the evidence says the certificate does not name the address dialled).
 */
function certificateNames(facts: ScenarioFacts): readonly string[] {
  if (facts.serverNames && facts.serverNames.length > 0) return facts.serverNames;
  return facts.publicAddress ? [facts.publicAddress] : ["server.ftp-conformance.invalid"];
}

/**
 * `tls.ca`: a file of one or more PEM certificates (the CA that signed a certificate the image
 * brings), each one X509Certificate parses; anything else is a ProfileError naming the field.
 */
function readCaFile(
  relative: string,
  source: (field: string, relative: string) => string,
  fail: (field: string, message: string) => ProfileError,
): { file: string; pem: string } {
  const full = source("tls.ca", relative);
  let text: string;
  try {
    if (!statSync(full).isFile()) throw fail("tls.ca", `'${relative}' is not a file`);
    text = readFileSync(full, "utf8");
  } catch (error) {
    if (error instanceof ProfileError) throw error;
    throw fail("tls.ca", `'${relative}' cannot be read: ${firstLine(error)}`);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) {
    throw fail("tls.ca", `'${relative}' is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)`);
  }
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw fail("tls.ca", `'${relative}': certificate ${i + 1} is not a valid PEM certificate: ${firstLine(error)}`);
    }
  }
  return { file: relative, pem: `${blocks.join("\n")}\n` };
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split("\n")[0] ?? "";
}
