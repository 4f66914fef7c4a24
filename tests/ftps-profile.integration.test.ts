import { beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../harness/report/run-report.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { runToReport } from "./run-cli.js";

/**
 * The FTPS example profile (its certificate and key named by {{tlsCertificate}} and {{tlsKey}} in a
 * rendered vsftpd.conf), run through the CLI as a user would: the FTPS checks and clients only.
 */
describe("an FTPS profile through the CLI (examples/ftps-vsftpd)", { timeout: 300000 }, () => {
  let report: RunReport;
  let code: number | null;
  const result = (scenario: string, check: string, variant?: string) =>
    report.results.find((r) => r.scenario === scenario && r.check === check && r.variant === variant);

  beforeAll(async () => {
    ({ code, report } = await runToReport([
      "--target",
      "examples/ftps-vsftpd/profile.yaml",
      "--scenario",
      "direct,nat",
      "--only",
      "tls.*",
      "--only",
      "client.*-tls",
    ]));
  }, 300000);

  it("should pass: AUTH TLS with the run's certificate for the address dialled, and PROT P transfers", () => {
    expect(code).toBe(0);
    for (const scenario of ["direct", "nat"]) {
      const auth = result(scenario, "tls.auth", "tls1.3");
      expect(auth?.verdict).toBe("pass");
      expect(auth?.observed).toMatch(/^'234 [^']*'; TLSv1\.3 /);
      expect(auth?.observed).toContain("issued by 'CN=ftp-conformance run CA");
      expect(auth?.observed).toContain("chains to the run's CA; names the address dialled");
      expect(result(scenario, "tls.prot-p", "pasv-tls1.3")?.verdict).toBe("pass");
      expect(result(scenario, "tls.prot-p", "epsv-tls1.3")?.verdict).toBe("pass");
    }
    expect(result("nat", "tls.address-through-nat")?.verdict).toBe("pass");
  });

  it("should report require_ssl_reuse=YES: a data connection without resumption refused, ftplib unable to transfer", () => {
    const reuse = result("direct", "tls.session-reuse");
    expect(reuse?.verdict).toBe("pass");
    expect(reuse?.observed).toContain("'522 SSL connection failed: session reuse required'");
    expect(reuse?.observed).toContain("require_ssl_reuse in examples/ftps-vsftpd/vsftpd.conf.tmpl");
    expect(result("direct", "client.ftplib-tls")?.verdict).toBe("info");
    expect(result("direct", "client.curl-tls")?.verdict).toBe("pass");
  });

  it("should not apply tls.required to a profile that offers TLS without requiring it", () => {
    expectSkip(
      result("direct", "tls.required"),
      "not-applicable",
      "the target's profile does not declare tls.required",
    );
  });
});
