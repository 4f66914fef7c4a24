import { z } from "zod";

/** Placeholders a profile's templates may use; anything else in {{ }} is an error. */
export const TEMPLATE_VARIABLES = [
  "publicAddress",
  "publicName",
  "addressFamily",
  "passiveMin",
  "passiveMax",
  "controlPort",
  "tlsCertificate",
  "tlsKey",
] as const;

/** Placeholders that exist only when the profile declares `tls`. */
export const TLS_TEMPLATE_VARIABLES = ["tlsCertificate", "tlsKey"] as const;

const port = z.number().int().min(1).max(65535);
const relativeFile = z.string().min(1);
const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a name of letters, digits and '_'");
const configFile = z.strictObject({ path: z.string().startsWith("/"), template: relativeFile });
const checkPattern = z.string().regex(/^[a-z0-9.*[\]-]+$/, "a check ID or glob such as epsv.* (see --list)");

/**
 * `tls`: the server offers FTPS. Explicit: AUTH TLS on the control port (RFC 4217); implicit: TLS
 * from the first byte on `port` (the control port when left out). `required`: plaintext logins are
 * refused. `ca`: the CA (a PEM file relative to the profile) that signed a certificate the image
 * brings itself; without it clients trust the run's CA only. `hints`: the server's own settings
 * for the TLS fix hints.
 */
export const tlsSchema = z.strictObject({
  mode: z.enum(["explicit", "implicit"], { error: "explicit or implicit" }).default("explicit"),
  required: z.boolean({ error: "true or false" }).default(false),
  port: port.optional(),
  ca: relativeFile.optional(),
  /** The server's own words for its TLS settings, for fix hints. */
  hints: z.strictObject({ sessionReuse: z.string(), required: z.string() }).partial().default({}),
});

export const CAPABILITIES = [
  "NET_ADMIN",
  "NET_BIND_SERVICE",
  "NET_RAW",
  "SYS_NICE",
  "DAC_READ_SEARCH",
  "DAC_OVERRIDE",
  "CHOWN",
  "FOWNER",
  "SETUID",
  "SETGID",
  "SYS_CHROOT",
  "KILL",
  "AUDIT_WRITE",
] as const;

/** `image.buildArgs`; numbers are welcome in YAML (`VERSION: 3`): a build argument is text either way. */
export const buildArgsSchema = z.record(
  variableName,
  z.union([z.string(), z.number()], { error: "a string or a number" }).transform(String),
  {
    error: (issue) =>
      issue.code === "invalid_key" ? "not a build argument name (letters, digits and '_')" : undefined,
  },
);

/**
 * Without `budget.pairSeconds`: how long the checks of one target x scenario may take before the
 * rest are skipped (harness/checks/pair-budget.ts). The built-in servers' slowest pair (ProFTPD,
 * direct) takes 26 s alone and took 31 s with ten pairs at once on two cores, for about 400
 * control replies; ten times that leaves a correct server whose replies average 0.7 s its whole
 * run, and bounds one that writes each reply byte by byte (bench:hostile slow-replies: 600 s and
 * more per pair) near it.
 */
export const DEFAULT_PAIR_BUDGET_SECONDS = 300;

/**
 * A server under test, as its owner describes it: how to get and start the image, how to tell it
 * the scenario's public address and passive range, and which checks apply. YAML or JSON.
 */
export const profileSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lower-case letters, digits and '-', at most 40"),
    description: z.string().optional(),
    image: z.union(
      [
        z.strictObject({
          build: relativeFile.describe("a directory with a Dockerfile, relative to the profile"),
          dockerfile: z.string().optional(),
          // Checked on its own (buildArgsSchema): inside the union its mistakes would read as "give either ...".
          buildArgs: z.unknown().optional(),
        }),
        z.strictObject({ ref: z.string().min(1) }),
      ],
      { error: "give either 'build: <directory with a Dockerfile>' or 'ref: <image reference>'" },
    ),
    controlPort: port.default(21),
    credentials: z.strictObject({ user: z.string().min(1), password: z.string().min(1) }),
    passiveRange: z
      .strictObject({ min: port.min(1024), max: port.min(1024) })
      .refine((r) => r.min <= r.max, { error: "min must not be above max" }),
    servedDirectory: z.string().startsWith("/", "an absolute path inside the container"),
    configure: z
      .strictObject({
        environment: z.record(variableName, z.string()).default({}),
        command: z.array(z.string()).optional(),
        files: z.array(configFile).default([]),
      })
      .default({ environment: {}, files: [] }),
    // Each variant is a target of its own (<name>-<variant>) running the same image configured otherwise.
    variants: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,21}$/, "lower-case letters, digits and '-', at most 22"),
          environment: z.record(variableName, z.string()).optional(),
          command: z.array(z.string()).optional(),
          files: z.array(configFile).optional(),
        }),
      )
      .min(1, "at least one variant (or leave 'variants' out)")
      .superRefine((variants, context) => {
        for (const [i, variant] of variants.entries()) {
          if (variants.findIndex((v) => v.name === variant.name) < i) {
            context.addIssue({
              code: "custom",
              path: [i, "name"],
              message: `another variant is named '${variant.name}'`,
            });
          }
        }
      })
      .optional(),
    capabilities: z.array(z.enum(CAPABILITIES)).default([]),
    init: z.boolean().default(false),
    startup: z
      .strictObject({
        logLine: z.string().optional(),
        timeoutSeconds: z.number().positive().max(300).default(30),
      })
      .default({ timeoutSeconds: 30 }),
    acceptTimeoutSeconds: z.number().positive().max(60).optional(),
    connectTimeoutSeconds: z.number().positive().max(60).optional(),
    // The harness's own waits (one reply, one dial, one transfer); each left out takes its default
    // (DEFAULT_WAITS in harness/checks/check-context.ts), and every verdict a wait decides names it.
    waits: z
      .strictObject({
        replySeconds: z.number().positive().max(300).optional(),
        dialSeconds: z.number().positive().max(60).optional(),
        transferSeconds: z.number().positive().max(600).optional(),
      })
      .optional(),
    budget: z
      .strictObject({ pairSeconds: z.number().positive().max(3600).default(DEFAULT_PAIR_BUDGET_SECONDS) })
      .default({ pairSeconds: DEFAULT_PAIR_BUDGET_SECONDS }),
    tls: tlsSchema.optional(),
    servedFiles: z.array(z.strictObject({ name: z.string().regex(/^[^/]+$/), source: relativeFile })).default([]),
    applies: z
      .strictObject({
        scenarios: z.array(z.string().min(1)).optional(),
        /** false: the server has no IPv6; the IPv6 scenarios are reported skipped, saying so. */
        ipv6: z.boolean().default(true),
        skip: z.array(z.strictObject({ check: checkPattern, reason: z.string().min(1) })).default([]),
      })
      .default({ ipv6: true, skip: [] }),
    levels: z
      .array(
        z.strictObject({
          check: checkPattern,
          level: z.enum(["MUST", "SHOULD", "ADVISORY"]),
          reason: z.string().min(1),
        }),
      )
      .default([]),
    hints: z
      .strictObject({
        publicAddress: z.string(),
        passiveRange: z.string(),
        foreignDataRefused: z.string(),
        portRestricted: z.string(),
        acceptTimeout: z.string(),
        rangeExhausted: z.string(),
      })
      .partial()
      .default({}),
  })
  .refine((p) => p.passiveRange.min !== p.controlPort && p.passiveRange.max !== p.controlPort, {
    error: "the control port lies in the passive range",
    path: ["passiveRange"],
  });

export type Profile = z.infer<typeof profileSchema>;
