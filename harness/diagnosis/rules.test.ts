import { describe, expect, it } from "vitest";
import type { CheckResult } from "../checks/check-result.js";
import type { FailureCause } from "../checks/failure-cause.js";
import { sampleResult, sampleRootCause } from "../testing/sample-report.js";
import { diagnose } from "./diagnose.js";

const failing = (check: string, cause: FailureCause | undefined, over: Partial<CheckResult> = {}): CheckResult =>
  sampleResult({ check, verdict: "fail", observed: "-", ...(cause ? { cause } : {}), ...over });

/** The cause a 227/229 naming the server's own `port` gets where the gateway forwards 30000-30009 as 40000-40009. */
const shiftedPort = (port: number): FailureCause => ({
  kind: "port-shifted-at-gateway",
  detail: `port ${port} is the server's own number; the gateway forwards its range 30000-30009 as 40000-40009`,
  endpoint: { host: "198.51.100.2", port },
  range: { min: 30000, max: 30009 },
  forwardedAs: { min: 40000, max: 40009 },
});
/** The cause of a data port (31003) outside the forwarded 30000-30009. */
const OUTSIDE_WINDOW: FailureCause = {
  kind: "port-outside-forwarded-window",
  detail: "port 31003 is outside the forwarded 30000-30009; the client's dial met: refused",
  endpoint: { host: "198.51.100.2", port: 31003 },
  range: { min: 30000, max: 30009 },
};

/** One row per rule: the results as the checks record them, and the diagnosis the rule must state. */
const TABLE: Array<{ rule: string; results: CheckResult[]; finding: RegExp; explains: string[] }> = [
  {
    rule: "advertises-private-address",
    results: [
      failing(
        "pasv.connectable",
        {
          kind: "advertised-address-unreachable",
          detail: "10.213.4.3 is on the server's private side; the client's dial met: unreachable",
          endpoint: { host: "10.213.4.3", port: 31001 },
        },
        { hint: "set pasv_address=198.51.100.2 in vsftpd.conf" },
      ),
      sampleResult({ check: "pasv.connectable", scenario: "direct", verdict: "pass" }),
    ],
    finding: /^advertises its private address 10\.213\.4\.3 in its passive replies/,
    explains: ["nat/pasv.connectable"],
  },
  {
    rule: "port-shifted-at-gateway",
    results: [
      failing("pasv.connectable", shiftedPort(30004)),
      failing("transfer.retr", shiftedPort(30007), { variant: "epsv" }),
    ],
    finding:
      /^names the ports it listens on \(port 30004, 30007\) .*shifts its passive range 30000-30009, which the gateway forwards as 40000-40009\. .*publish the range under the same numbers on both sides$/,
    explains: ["nat/pasv.connectable", "nat/transfer.retr[epsv]"],
  },
  {
    rule: "ignores-declared-range",
    results: [
      failing("ports.in-range", {
        kind: "ports-outside-declared-range",
        detail: "50 of 50 ports outside 30000-30009 (e.g. 31003)",
        share: { seen: 50, of: 50 },
        range: { min: 30000, max: 30009 },
      }),
      failing("transfer.retr", OUTSIDE_WINDOW, { variant: "epsv" }),
    ],
    finding: /^ignores the declared passive range: 50 of 50 ports outside 30000-30009$/,
    explains: ["nat/ports.in-range", "nat/transfer.retr[epsv]"],
  },
  {
    rule: "ignores-declared-range",
    // Without ports.in-range (filtered out by --only), the forwarded window is the evidence.
    results: [failing("transfer.retr", OUTSIDE_WINDOW)],
    finding: /^advertises data ports outside the forwarded range 30000-30009 \(port 31003\)$/,
    explains: ["nat/transfer.retr"],
  },
  {
    rule: "hands-data-to-any-host",
    results: [
      failing("data.foreign-refused", {
        kind: "foreign-data-accepted",
        detail: "the intruder connected to 198.51.100.2:30001 (EPSV) and received 1048576 bytes of large.bin",
        endpoint: { host: "198.51.100.2", port: 30001 },
      }),
    ],
    finding: /^hands the data channel to any host/,
    explains: ["nat/data.foreign-refused"],
  },
  {
    rule: "listeners-outlive-sessions",
    results: [
      failing(
        "listener.closed-with-session",
        { kind: "listener-outlives-session", detail: "-", endpoint: { host: "198.51.100.2", port: 30004 } },
        { verdict: "non-strict" },
      ),
    ],
    finding: /^its passive listeners outlive their sessions \(port 30004 still accepted after QUIT\)$/,
    explains: ["nat/listener.closed-with-session"],
  },
  {
    rule: "requires-tls-session-reuse",
    results: [
      failing(
        "client.ftplib-tls",
        { kind: "tls-data-connection-refused", detail: "the server answered: *resp* '522 SSL connection failed'" },
        { verdict: "info", dataCommands: ["PASV"] },
      ),
    ],
    finding: /^refuses the TLS data connections of ftplib-tls with 522/,
    explains: ["nat/client.ftplib-tls"],
  },
  {
    rule: "stops-tls-series",
    results: [
      failing(
        "tls.series",
        {
          kind: "tls-series-stopped",
          detail: "transfer 3 of 8 (EPSV STOR): '522 SSL connection failed: session reuse required' after 2 accepted",
        },
        { variant: "tls1.3-same" },
      ),
    ],
    finding:
      /^stops accepting a TLS session's data connections partway through the session \(tls1\.3-same\): transfer 3 of 8/,
    explains: ["nat/tls.series[tls1.3-same]"],
  },
  {
    rule: "session-end-stops-other-session",
    results: [
      failing("active.session-end", {
        kind: "session-end-stops-other-session",
        detail: "USER on a connection greeted before the first session's QUIT: no reply within 5 s",
      }),
    ],
    finding: /^stops serving a control connection it accepted while a session that used active mode was ending: USER/,
    explains: ["nat/active.session-end"],
  },
  {
    rule: "control-and-data-sources-differ",
    results: [
      failing("transfer.retr", {
        kind: "control-and-data-sources-differ",
        detail: "the server refused a data connection ('425 Security: Bad IP connecting.')",
      }),
    ],
    finding: /^refuses data connections that reach it from another address than the control connection/,
    explains: ["nat/transfer.retr"],
  },
  {
    rule: "advertises-stale-address",
    results: [
      failing("address.public", {
        kind: "advertised-address-stale",
        detail: "198.51.100.3 is what ftp.dns-name.test resolved to before it changed",
        endpoint: { host: "198.51.100.3", port: 30001 },
      }),
    ],
    finding: /^resolved its public host name once and keeps advertising 198\.51\.100\.3/,
    explains: ["nat/address.public"],
  },
  {
    rule: "data-reached-other-replica",
    results: [
      failing("pasv.connectable", {
        kind: "data-reached-other-replica",
        detail:
          "during this check the balancer sent 1 control connection(s) to replica 1 (10.213.5.3), whose session " +
          "advertised the data port (port 30004), and 1 data connection(s) to replica 2 (10.213.5.6), which took no " +
          "control connection and advertised nothing",
        replica: { number: 2, address: "10.213.5.6" },
      }),
      failing(
        "transfer.retr",
        {
          kind: "data-reached-other-replica",
          detail:
            "during this check ... 1 data connection(s) to replica 2 (10.213.5.6), which took no control connection",
          replica: { number: 2, address: "10.213.5.6" },
        },
        { variant: "epsv" },
      ),
    ],
    finding:
      /^its data connections reached another replica than the one whose session sent the 227\/229 \(replica 2 \(10\.213\.5\.6\), which had no listener for them\): the balancer in front spreads connections without source affinity/,
    explains: ["nat/pasv.connectable", "nat/transfer.retr[epsv]"],
  },
  {
    rule: "certificate-rejected",
    results: [
      failing("tls.auth", {
        kind: "server-certificate-rejected",
        detail: "unknown CA (issued by 'CN=image own CA')",
      }),
    ],
    finding: /^serves a certificate a verifying client rejects: unknown CA/,
    explains: ["nat/tls.auth"],
  },
  {
    rule: "certificate-weak",
    results: [
      failing("tls.certificate", {
        kind: "server-certificate-weak",
        detail: "key too small (its key is RSA 1024 bits, below the 2048 bits RSA keys need)",
      }),
    ],
    finding:
      /^serves a certificate too weak for current clients: key too small \(its key is RSA 1024 bits.*; reissue it on an RSA key of 2048 bits or more/,
    explains: ["nat/tls.certificate"],
  },
  {
    rule: "service-broke",
    results: [failing("ports.exhaustion", undefined, { consequenceOf: sampleRootCause().id, verdict: "non-strict" })],
    finding: /^PASV: '500 OOPS: vsf_sysutil_bind'/,
    explains: ["nat/ports.exhaustion"],
  },
];

describe("the diagnosis rules", () => {
  it.each(TABLE)("$rule: $finding", ({ rule, results, finding, explains }) => {
    const { diagnoses, results: marked } = diagnose(results, [sampleRootCause()]);
    expect(diagnoses.map((d) => d.rule)).toEqual([rule]);
    expect(diagnoses[0]?.finding).toMatch(finding);
    expect(diagnoses[0]?.explains).toEqual(explains);
    expect(marked.filter((r) => r.diagnosis === diagnoses[0]?.id)).toHaveLength(explains.length);
  });

  it("should explain nothing that passed, was expected, or was skipped", () => {
    const cause: FailureCause = { kind: "advertised-address-unreachable", detail: "-" };
    const { diagnoses } = diagnose(
      [
        failing("pasv.connectable", cause, { verdict: "xfail" }),
        failing("pasv.connectable", cause, { verdict: "skipped", skipKind: "inconclusive" }),
      ],
      [],
    );
    expect(diagnoses).toEqual([]);
  });

  it("should leave a failure that shows no known cause unexplained", () => {
    const { diagnoses, results } = diagnose([failing("epsv.all", undefined)], []);
    expect(diagnoses).toEqual([]);
    expect(results[0]?.diagnosis).toBeUndefined();
  });

  it("should state the contrast where the same checks pass in another scenario", () => {
    const [row] = TABLE;
    const { diagnoses } = diagnose(row?.results ?? [], []);
    expect(diagnoses[0]?.contrast).toMatch(/^the same checks work in direct and fail in nat \(10\.213\.4\.3 is on/);
  });

  it("should give a real client's failure to the cause of the harness's own download by the same command", () => {
    const own = failing(
      "transfer.retr",
      { kind: "advertised-address-unreachable", detail: "-", endpoint: { host: "10.213.4.3", port: 31001 } },
      { variant: "pasv" },
    );
    const client = failing("client.lftp", undefined, { verdict: "info", dataCommands: ["PASV"] });
    const elsewhere = failing("client.curl", undefined, {
      verdict: "info",
      dataCommands: ["PASV"],
      scenario: "direct",
    });
    const { diagnoses, results } = diagnose([own, client, elsewhere], []);
    expect(diagnoses[0]?.explains).toEqual(["nat/transfer.retr[pasv]", "nat/client.lftp"]);
    expect(results[2]?.diagnosis).toBeUndefined();
  });

  it("should give one target's causes once across scenarios, and each target its own", () => {
    const cause: FailureCause = { kind: "foreign-data-accepted", detail: "-" };
    const { diagnoses } = diagnose(
      [
        failing("data.foreign-refused", cause),
        failing("data.foreign-refused", cause, { scenario: "direct" }),
        failing("data.foreign-refused", cause, { target: "proftpd" }),
      ],
      [],
    );
    expect(diagnoses.map((d) => [d.id, d.scenarios.join(",")])).toEqual([
      ["vsftpd:hands-data-to-any-host", "nat,direct"],
      ["proftpd:hands-data-to-any-host", "nat"],
    ]);
  });
});
