import { X509Certificate } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { tempDirs } from "../testing/temp-dirs.js";
import { issueServerCertificate } from "../tls/server-certificate.js";
import { SERVER_CERTIFICATE_PATH, SERVER_KEY_PATH } from "../tls/server-tls-files.js";
import { loadProfile } from "./load-profile.js";
import type { TargetSpec } from "./target-spec.js";

const BASE = `
name: tlsftp
image: { build: ./ctx }
credentials: { user: u, password: p }
passiveRange: { min: 40000, max: 40004 }
servedDirectory: /srv
`;
const TLS = `tls: { mode: explicit, required: false }
configure:
  environment: { CERT: "{{tlsCertificate}}", KEY: "{{tlsKey}}" }
  command: ["--cert={{tlsCertificate}}"]
  files: [{ path: /etc/my.conf, template: ./my.conf.tmpl }]
`;

const tempDir = tempDirs();

function profilePath(text: string, template = "rsa_cert_file={{tlsCertificate}}\nrsa_private_key_file={{tlsKey}}\n") {
  const dir = tempDir("ftpc-tls-profile-");
  mkdirSync(join(dir, "ctx"));
  writeFileSync(join(dir, "ctx", "Dockerfile"), "FROM scratch\n");
  writeFileSync(join(dir, "my.conf.tmpl"), template);
  writeFileSync(join(dir, "profile.yaml"), text);
  return join(dir, "profile.yaml");
}

const errorOf = (text: string, template?: string) => {
  try {
    loadProfile(profilePath(text, template));
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.replace(/^profile \S+: /, "");
  }
  throw new Error("the profile loaded");
};

describe("loadProfile with tls", () => {
  const facts = { publicAddress: "198.51.100.2", family: "ipv4" as const, passiveRange: { min: 40000, max: 40004 } };

  it("should fill the TLS placeholders with the paths of the files it writes, and write them", () => {
    const [target] = loadProfile(profilePath(`${BASE}${TLS}`)) as [TargetSpec];
    expect(target.tls).toEqual({ mode: "explicit", required: false, hints: {} });
    expect(target.environment(facts)).toEqual({ CERT: SERVER_CERTIFICATE_PATH, KEY: SERVER_KEY_PATH });
    expect(target.command(facts)).toEqual([`--cert=${SERVER_CERTIFICATE_PATH}`]);
    const files = target.configFiles({ ...facts, serverNames: ["198.51.100.2", "192.0.2.9"] });
    expect(files[0]?.content).toBe(
      `rsa_cert_file=${SERVER_CERTIFICATE_PATH}\nrsa_private_key_file=${SERVER_KEY_PATH}\n`,
    );
    expect(files.map((f) => f.path)).toEqual(["/etc/my.conf", SERVER_CERTIFICATE_PATH, SERVER_KEY_PATH]);
    const certificate = new X509Certificate(files[1]?.content ?? "");
    expect(certificate.checkIP("198.51.100.2")).toBe("198.51.100.2");
    expect(certificate.checkIP("192.0.2.9")).toBe("192.0.2.9");
    expect(files[2]?.content).toContain("PRIVATE KEY");
  });

  it("should name the advertised address when the topology names none", () => {
    const [target] = loadProfile(profilePath(`${BASE}${TLS}`)) as [TargetSpec];
    const certificate = new X509Certificate(target.configFiles(facts)[1]?.content ?? "");
    expect(certificate.checkIP("198.51.100.2")).toBe("198.51.100.2");
  });

  it("should read implicit mode, its port and hints", () => {
    const [target] = loadProfile(
      profilePath(
        `${BASE}tls: { mode: implicit, required: true, port: 990, hints: { sessionReuse: "require_ssl_reuse" } }\n`,
      ),
    ) as [TargetSpec];
    expect(target.tls).toEqual({
      mode: "implicit",
      required: true,
      port: 990,
      hints: { sessionReuse: "require_ssl_reuse" },
    });
  });

  it("should write no TLS files for a profile without tls", () => {
    const [target] = loadProfile(profilePath(BASE)) as [TargetSpec];
    expect(target.tls).toBeUndefined();
    expect(target.configFiles(facts)).toEqual([]);
  });

  it.each([
    [`${BASE}tls: { mode: starttls }\n`, "tls.mode: explicit or implicit"],
    [`${BASE}tls: { required: yes-please }\n`, "tls.required: true or false"],
    [`${BASE}tls: { port: 70000 }\n`, "tls.port: Too big"],
    [`${BASE}tls: { mode: explicit, requird: true }\n`, "tls.requird: unknown field"],
    [`${BASE}tls: { hints: { reuse: x } }\n`, "tls.hints.reuse: unknown field"],
    [
      `${BASE}configure: { environment: { C: "{{tlsCertificate}}" } }\n`,
      "configure.environment.C: {{tlsCertificate}} needs a 'tls' section",
    ],
    [`${BASE}configure: { command: ["--key={{tlsKey}}"] }\n`, "configure.command[0]: {{tlsKey}} needs a 'tls' section"],
    [
      `${BASE}configure: { environment: { C: "{{tlsCert}}" } }\n`,
      "configure.environment.C: unknown placeholder {{tlsCert}}",
    ],
  ])("should refuse a bad tls value in one line naming the field (%#)", (text, message) => {
    const error = errorOf(text);
    expect(error).toContain(message);
    expect(error).not.toContain("\n");
  });

  describe("tls.ca", () => {
    const withCa = (name: string, content: string | undefined) => {
      const path = profilePath(`${BASE}tls: { mode: explicit, ca: ./${name} }\n`);
      const dir = dirname(path);
      if (content === undefined) mkdirSync(join(dir, name));
      else writeFileSync(join(dir, name), content);
      return path;
    };
    const imageCa = issueServerCertificate("self-signed", ["127.0.0.1"]).certificatePem;
    const errorAt = (path: string) => {
      try {
        loadProfile(path);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message.replace(/^profile \S+: /, "");
      }
      throw new Error("the profile loaded");
    };

    it("should read the CA an image's own certificate chains to, with the file as the profile names it", () => {
      const [target] = loadProfile(withCa("image-ca.pem", `# the image's CA\n${imageCa}`)) as [TargetSpec];
      expect(target.tls?.ca?.file).toBe("./image-ca.pem");
      expect(new X509Certificate(target.tls?.ca?.pem ?? "").fingerprint256).toBe(
        new X509Certificate(imageCa).fingerprint256,
      );
    });

    it("should leave it out without tls.ca (the run's CA is trusted)", () => {
      const [target] = loadProfile(profilePath(`${BASE}${TLS}`)) as [TargetSpec];
      expect(target.tls?.ca).toBeUndefined();
    });

    it.each([
      [
        "a missing file",
        () => profilePath(`${BASE}tls: { ca: ./nowhere.pem }\n`),
        "tls.ca: './nowhere.pem' does not exist",
      ],
      ["a directory", () => withCa("ca.d", undefined), "tls.ca: './ca.d' is not a file"],
      [
        "a file that is not PEM",
        () => withCa("ca.der", "\u0030\u0082 binary"),
        "tls.ca: './ca.der' is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)",
      ],
      [
        "a PEM block that is no certificate",
        () => withCa("ca.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"),
        "tls.ca: './ca.pem': certificate 1 is not a valid PEM certificate",
      ],
      ["an empty name", () => profilePath(`${BASE}tls: { ca: "" }\n`), "tls.ca: "],
    ])("should refuse %s in one line naming the field", (_, path, message) => {
      const error = errorAt(path());
      expect(error).toContain(message);
      expect(error).not.toContain("\n");
    });
  });

  it("should refuse a TLS placeholder in a file template without tls", () => {
    expect(errorOf(`${BASE}configure: { files: [{ path: /etc/my.conf, template: ./my.conf.tmpl }] }\n`)).toContain(
      "configure.files[0].template: {{tlsCertificate}} needs a 'tls' section",
    );
  });
});
