import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Verdict } from "../harness/levels.js";
import { runCertificateAuthority } from "../harness/tls/certificate-authority.js";
import { issueServerCertificate } from "../harness/tls/server-certificate.js";
import { PRIVATE_SIDE, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import {
  type FakeBehaviour,
  faults,
  fromNth,
  inTurn,
  reply,
  settings,
  withArgument,
} from "../harness/testing/fake-ftp-server.js";
import {
  INTRUDER_ADDRESS,
  IPV6_LOOPBACK,
  startLocalAgentsApart,
  startLocalAgents,
  startLocalIpv6Agents,
  type LocalAgents,
} from "../harness/testing/local-agent.js";
import { replyCodes } from "../harness/testing/reply-codes.js";
import type { FailureCause } from "../harness/checks/failure-cause.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import type { FailureCauseKind } from "../harness/topology/expected-cause.js";
import { CATALOGUE } from "./catalogue.js";
import { CLIENT_CHECKS } from "./real-clients.js";

/**
 * The other half of suites/unusual-server.test.ts: every check against a fake with the fault that
 * check is about, each fault as the check's own self-test has it. Each must fail it (fail, non-strict
 * for a SHOULD, info for an ADVISORY, xfail only where the scenario exists to show that cause), with
 * the evidence as data: the cause it names (or none), the reply codes it heard, a fact of what was
 * observed (an address, a port, a count) and, where the check gives one, a phrase of the hint. A check
 * with no entry fails the last test: a new check comes with its fault.
 */
interface Fault {
  /** The fault, in words. */
  fault: string;
  behaviour: FakeBehaviour;
  options?: FakeRunOptions;
  /** Who dials from where: both at 127.0.0.x (default); both at ::1; the client at ::1 and the intruder at 127.0.0.2. */
  agents?: "ipv4" | "ipv6" | "ipv6-apart";
  /** The verdict of each result, in variant order (every variant: each fault here is about all of them). */
  verdicts: readonly Verdict[];
  /** A fact in each result's observed text that shows the fault (an address, a port, a count), where the codes do not. */
  observed?: string | RegExp;
  /** The reply code the server gave each command (replyCodes: the first sent that starts with it; undefined: none). */
  codes?: Readonly<Record<string, number | undefined>>;
  /** The mechanism each result's cause names; absent: a result that claims none. */
  cause?: FailureCauseKind;
  /** Facts each result's cause carries (the endpoint it is about, a share, a range), where it carries the fault's. */
  causeShows?: CauseFacts;
  /** A phrase of the hint, where the check gives one for this failure. */
  hint?: string;
}

/** A cause's facts, the endpoint's port left out where the fake picks it. */
type CauseFacts = Omit<Partial<FailureCause>, "kind" | "detail" | "endpoint"> & { endpoint?: Partial<Endpoint> };

/** What a verdict must be for the check to have caught its fault. */
const CAUGHT: readonly Verdict[] = ["fail", "non-strict", "info", "xfail"];

const EXPLICIT_TLS = { mode: "explicit", required: false, hints: {} } as const;
const WITH_TLS: FakeRunOptions = { target: { tls: EXPLICIT_TLS } };
/** The image's own self-signed certificate, which every verifying client rejects. */
const IMAGE_OWN = issueServerCertificate("self-signed", ["127.0.0.1", "127.0.0.2"]);
/** A certificate from the run's CA on a key too small (1024 bits). */
const SMALL_KEY = issueServerCertificate(runCertificateAuthority(), ["127.0.0.1", "127.0.0.2"], { keyBits: 1024 });
const OVER_IPV6: FakeRunOptions = { scenario: "ipv6-direct", host: IPV6_LOOPBACK };
/** A narrow range whose PASV replies are scripted: the 4th, once the range is held, names a port outside it. */
const EXHAUSTED_RANGE = { min: 40000, max: 40002 };
const exhaustionFallsBackToKernelPort = (): FakeBehaviour => {
  const answers = [40000, 40001, 40002, 45123].map(
    (p) => `227 Entering Passive Mode (127,0,0,1,${p >> 8},${p & 255}).`,
  );
  return { handlers: { PASV: inTurn(answers) } };
};

const FAULTS: Readonly<Record<string, Fault>> = {
  "pasv.reply": {
    fault: "PASV refused (502)",
    behaviour: { handlers: { PASV: reply("502 PASV not implemented") } },
    verdicts: ["fail"],
    codes: { PASV: 502 },
    hint: "enable passive mode",
  },
  "pasv.format": {
    fault: "a 227 with a number out of range",
    behaviour: { sets: [faults.pasvReply(() => "227 Entering Passive Mode (300,0,0,1,117,48).")] },
    verdicts: ["fail"],
    observed: "h1 = 300",
    codes: { PASV: 227 },
  },
  "pasv.connectable": {
    fault: "the 227 names a port nothing listens on",
    behaviour: { sets: [faults.pasvReply(() => "227 Entering Passive Mode (127,0,0,1,0,1).")] },
    verdicts: ["fail"],
    observed: "127.0.0.1:1: connection refused",
    codes: { PASV: 227 },
  },
  "pasv.login-required": {
    fault: "PASV answered before login",
    behaviour: { handlers: { PASV: reply("227 Entering Passive Mode (127,0,0,1,4,1)") } },
    verdicts: ["non-strict"],
    codes: { USER: undefined, PASV: 227 },
    hint: "require login",
  },
  "epsv.reply": {
    fault: "EPSV answered with another code than 229",
    behaviour: { sets: [faults.epsvReply(() => "200 whatever")] },
    verdicts: ["non-strict"],
    codes: { EPSV: 200 },
  },
  "epsv.format": {
    fault: "a 229 with mixed delimiters",
    behaviour: { sets: [faults.epsvReply((port) => `229 Entering Extended Passive Mode (|!|${port}|)`)] },
    verdicts: ["fail"],
    observed: "mixed delimiters",
    codes: { EPSV: 229 },
  },
  "epsv.connectable": {
    fault: "the 229 names a port nothing listens on",
    behaviour: { sets: [faults.epsvReply(() => "229 (|||1|)")] },
    verdicts: ["fail"],
    observed: "127.0.0.1:1: connection refused",
    codes: { EPSV: 229 },
  },
  "epsv.net-prt": {
    fault: "EPSV naming an unknown protocol gets a 229",
    behaviour: { handlers: { EPSV: withArgument("4", reply("229 (|||5000|)")) } },
    verdicts: ["fail"],
    codes: { "EPSV 1": 229, "EPSV 4": 229 },
  },
  "epsv.net-prt-list": {
    fault: "a 522 without the protocol list (vsftpd's)",
    behaviour: { handlers: { EPSV: withArgument("4", reply("522 Bad network protocol.")) } },
    verdicts: ["non-strict"],
    codes: { "EPSV 4": 522 },
  },
  "epsv.all": {
    fault: "PASV, PORT and EPRT still accepted after EPSV ALL",
    behaviour: { sets: [faults.ignoreEpsvAll] },
    verdicts: ["fail"],
    codes: { "EPSV ALL": 200, PASV: 227, PORT: 200, EPRT: 200 },
  },
  "ipv6.epsv": {
    fault: "downloads over ::1 corrupted",
    behaviour: { sets: [faults.corruptDownloads] },
    options: OVER_IPV6,
    agents: "ipv6",
    verdicts: ["fail"],
    observed: "1048576 bytes",
    hint: "binary mode",
  },
  "ipv6.epsv-2": {
    fault: "EPSV 2 refused over IPv6",
    behaviour: { handlers: { EPSV: withArgument("2", reply("522 Network protocol not supported, use (1)")) } },
    options: OVER_IPV6,
    agents: "ipv6",
    verdicts: ["fail"],
    codes: { "EPSV 2": 522 },
    hint: "report it upstream",
  },
  "ipv6.epsv-other-protocol": {
    fault: "EPSV 1 over IPv6 answered 501, not 522",
    behaviour: { handlers: { EPSV: withArgument("1", reply("501 Unknown network protocol")) } },
    options: OVER_IPV6,
    agents: "ipv6",
    verdicts: ["fail"],
    codes: { "EPSV 1": 501 },
    hint: "report it upstream",
  },
  "ipv6.pasv": {
    fault: "PASV over IPv6 answered with a 227 naming 0.0.0.0 (vsftpd's)",
    behaviour: { sets: [faults.pasvAddress("0.0.0.0")] },
    options: OVER_IPV6,
    agents: "ipv6",
    verdicts: ["non-strict"],
    observed: "0.0.0.0",
    codes: { PASV: 227 },
    hint: "refuse PASV on an IPv6 control connection",
  },
  "ipv6.eprt": {
    fault: "EPRT to a third party accepted",
    behaviour: { sets: [faults.portAny] },
    options: { ...OVER_IPV6, network: { intruderAddress: INTRUDER_ADDRESS } },
    agents: "ipv6-apart",
    verdicts: ["non-strict"],
    observed: "to the intruder: EPRT: '200 EPRT command successful'",
    hint: "refuse PORT/EPRT to other hosts",
  },
  "ipv6.foreign-refused": {
    // Its intruder needs another address than the client's: the IPv6 scenario over IPv4 loopback.
    fault: "the data channel handed to any host",
    behaviour: { sets: [faults.promiscuous] },
    options: { scenario: "ipv6-direct" },
    verdicts: ["fail"],
    cause: "foreign-data-accepted",
    causeShows: { endpoint: { host: "127.0.0.1" } },
    hint: "fake_promiscuous=off",
  },
  "address.public": {
    fault: "the 227 names the server's private address",
    behaviour: { sets: [faults.pasvAddress("192.168.7.7")] },
    verdicts: ["fail"],
    observed: "192.168.7.7",
    codes: { PASV: 227 },
    hint: "set fake_public_address=127.0.0.1",
  },
  "address.diagnosis": {
    fault: "the 227 names a private address",
    behaviour: { sets: [faults.pasvAddress("192.168.7.7")] },
    verdicts: ["info"],
    observed: "192.168.7.7",
    hint: "set fake_public_address=127.0.0.1",
  },
  "address.epsv-through-nat": {
    fault: "the EPSV download arrives cut short behind NAT",
    behaviour: { sets: [settings.files(() => Buffer.from("truncated"))] },
    options: { scenario: "nat" },
    verdicts: ["fail"],
    observed: "9 bytes",
    hint: "the data stream was altered or cut",
  },
  "address.alg-rewrite": {
    fault: "behind the FTP helper, a 227 the helper did not rewrite",
    behaviour: { sets: [faults.pasvAddress("10.1.2.3")] },
    options: { scenario: "nat-alg" },
    verdicts: ["info"],
    observed: "10.1.2.3",
    hint: "attach the helper",
  },
  "ports.in-range": {
    fault: "EPSV ports outside the declared range",
    behaviour: { sets: [faults.epsvReply(() => "229 (|||999|)")] },
    verdicts: ["fail"],
    cause: "ports-outside-declared-range",
    causeShows: { share: { seen: 25, of: 50 }, range: { min: 1024, max: 65535 } },
    hint: "fake_range=1024-65535",
  },
  "ports.unpredictable": {
    fault: "passive ports handed out in sequence",
    behaviour: { sets: [faults.sequentialPorts(21000)] },
    verdicts: ["info"],
    observed: /^predictable: 210\d\d, 210\d\d/,
  },
  "ports.exhaustion": {
    fault: "a port outside the range once the range is used up (a kernel-port fallback)",
    behaviour: exhaustionFallsBackToKernelPort(),
    options: { target: { passiveRange: EXHAUSTED_RANGE } },
    verdicts: ["non-strict"],
    observed: "45123",
    hint: "fake_range_exhausted",
  },
  "ports.firewall-window": {
    fault: "behind a firewall forwarding the range, advertised ports that do not listen",
    behaviour: { sets: [faults.advertiseDeadPort] },
    options: { scenario: "partial-firewall", forwardedPorts: { min: 1024, max: 65535 } },
    verdicts: ["info"],
    observed: "1024-65535",
    hint: "advertised ports it does not listen on",
  },
  "data.foreign-refused": {
    fault: "the data channel handed to any host",
    behaviour: { sets: [faults.promiscuous] },
    verdicts: ["fail"],
    cause: "foreign-data-accepted",
    causeShows: { endpoint: { host: "127.0.0.1" } },
    hint: "fake_promiscuous=off",
  },
  "data.client-survives-intruder": {
    fault: "after the intruder's attempt, the client's transfer starts and never ends",
    behaviour: { handlers: { RETR: reply("150 opening") } },
    verdicts: ["non-strict"],
    observed: "hung",
    codes: { RETR: 150 },
  },
  "data.bounce-refused": {
    fault: "PORT/EPRT to a third party accepted and dialled",
    behaviour: { sets: [faults.portAny] },
    verdicts: ["non-strict"],
    observed: /intruder: 127\.0\.0\.1:\d+/,
    codes: { PORT: 200, EPRT: 200 },
    hint: "fake_port_any=off",
  },
  "data.privileged-port-refused": {
    fault: "PORT to port 80 accepted",
    behaviour: { sets: [faults.portAny] },
    verdicts: ["info"],
    codes: { PORT: 200 },
    hint: "fake_port_any=off",
  },
  "active.port": {
    fault: "the server dials another address than PORT named",
    behaviour: { sets: [settings.active({ dialAddress: "127.0.0.3" })] },
    verdicts: ["fail"],
    codes: { PORT: 200, RETR: 425 },
  },
  "active.eprt": {
    fault: "the server dials another address than EPRT named",
    behaviour: { sets: [settings.active({ dialAddress: "127.0.0.3" })] },
    verdicts: ["non-strict"],
    codes: { EPRT: 200, RETR: 425 },
  },
  "active.source-port": {
    fault: "active-mode connections from an ephemeral port, not L-1",
    behaviour: { sets: [settings.active({ sourcePort: "ephemeral" })] },
    verdicts: ["info"],
    observed: /came from 127\.0\.0\.1:\d+/,
    hint: "connect_from_port_20=YES",
  },
  "active.through-client-nat": {
    // The client names 127.0.0.1, its private address; the server sees it as 127.0.0.5, its gateway's.
    fault: "behind the client's NAT, the server hangs on the unreachable address PORT names instead of answering",
    behaviour: { sets: [settings.active({ silentHosts: ["127.0.0.1"], hangWhenUnreachable: true })] },
    options: { scenario: "client-nat", network: { clientAddress: "127.0.0.5", clientPrivateAddress: "127.0.0.1" } },
    verdicts: ["non-strict"],
    codes: { PORT: 200, RETR: undefined },
    hint: "answer 425 when the address PORT names does not answer",
  },
  "active.connect-timeout": {
    fault: "a silent active-mode port makes the session hang, not 425",
    behaviour: { sets: [settings.active({ hangWhenUnreachable: true })] },
    options: { target: { connectTimeoutSeconds: 1 } },
    verdicts: ["info"],
    observed: "within 1.5 s",
    codes: { PORT: 200, RETR: undefined },
    hint: "connect_timeout",
  },
  "listener.replaced": {
    fault: "a new PASV/EPSV leaves the previous listener open",
    behaviour: { sets: [faults.keepOldListeners] },
    verdicts: ["info"],
    observed: "the first: connected",
    hint: "close the previous passive listener",
  },
  "listener.idle-timeout": {
    fault: "a transfer command waits for its data connection for ever",
    behaviour: { sets: [faults.neverGiveUp] },
    verdicts: ["info"],
    observed: "the listener then: connected",
    hint: "fake_accept_timeout",
  },
  "listener.closed-with-session": {
    fault: "a session's listener left open after QUIT",
    behaviour: { sets: [faults.leakListeners] },
    verdicts: ["non-strict"],
    cause: "listener-outlives-session",
    hint: "close a session's passive listener when the session ends",
  },
  "transfer.retr": {
    fault: "every download has a byte flipped",
    behaviour: { sets: [faults.corruptDownloads] },
    verdicts: ["fail", "fail"],
    observed: "one-byte.bin: 1 bytes",
  },
  "transfer.stor": {
    fault: "every upload is stored with a byte flipped",
    behaviour: { sets: [faults.corruptUploads] },
    verdicts: ["fail", "fail"],
    observed: "read back: 1 bytes",
  },
  "transfer.list": {
    fault: "the listing leaves out files that are there",
    behaviour: { sets: [settings.listing("-rw-r--r-- 1 ftp ftp 0 Jan 1 00:00 empty.bin\r\n")] },
    verdicts: ["fail", "fail"],
    observed: "missing one-byte.bin, crosses-64k.bin, one-mib.bin",
  },
  "tls.auth": {
    fault: "the image's own self-signed certificate",
    behaviour: { sets: [settings.tls({ certificate: IMAGE_OWN })] },
    options: WITH_TLS,
    verdicts: ["fail", "fail"],
    observed: "unknown CA",
    cause: "server-certificate-rejected",
    hint: "{{tlsCertificate}} and {{tlsKey}}",
  },
  "tls.certificate": {
    fault: "a certificate on a 1024-bit RSA key",
    behaviour: { sets: [settings.tls({ certificate: SMALL_KEY })] },
    options: WITH_TLS,
    verdicts: ["fail"],
    observed: "key too small: its key is RSA 1024 bits",
    cause: "server-certificate-weak",
    hint: "an RSA key of 2048 bits or more",
  },
  "tls.required": {
    fault: "declared TLS-only, it logs in in plaintext",
    behaviour: { sets: [settings.tls()] },
    options: { target: { tls: { ...EXPLICIT_TLS, required: true, hints: { required: "fake_tls_required=yes" } } } },
    verdicts: ["fail"],
    codes: { USER: 331, PASS: 230 },
    hint: "fake_tls_required=yes",
  },
  "tls.prot-p": {
    fault: "downloads under TLS have a byte flipped",
    behaviour: { sets: [settings.tls(), faults.corruptDownloads] },
    options: WITH_TLS,
    verdicts: ["fail", "fail", "fail", "fail"],
    observed: "over TLS",
  },
  "tls.address-through-nat": {
    fault: "behind NAT, the 227 under TLS names the private address",
    behaviour: { sets: [settings.tls({ pasvAddressUnderTls: "192.168.7.7" })] },
    options: { ...WITH_TLS, scenario: "nat", network: PRIVATE_SIDE },
    verdicts: ["fail"],
    cause: "advertised-address-unreachable",
    causeShows: { endpoint: { host: "192.168.7.7" } },
    hint: "set fake_public_address=127.0.0.1",
  },
  "tls.alg-blind": {
    // The scenario exists to show this: the helper cannot read the 227 under TLS (xfail, its cause met).
    fault: "behind the FTP helper, the 227 under TLS names the private address",
    behaviour: { sets: [settings.tls({ pasvAddressUnderTls: "192.168.7.7" })] },
    options: { ...WITH_TLS, scenario: "nat-alg", network: PRIVATE_SIDE },
    verdicts: ["xfail"],
    observed: "192.168.7.7",
    cause: "helper-blind-under-tls",
    hint: "forward the passive range",
  },
  "tls.session-reuse": {
    fault: "a data connection without session reuse dropped with no reply",
    behaviour: { sets: [settings.tls({ requireReuse: true, refuseReuseSilently: true })] },
    options: WITH_TLS,
    verdicts: ["info"],
    observed: "not resuming",
    hint: "do not leave it hanging",
  },
  "tls.foreign-refused": {
    fault: "the TLS data channel handed to any host",
    behaviour: { sets: [settings.tls(), faults.promiscuous] },
    options: WITH_TLS,
    verdicts: ["fail"],
    cause: "foreign-data-accepted",
    causeShows: { endpoint: { host: "127.0.0.1" } },
    hint: "fake_promiscuous=off",
  },
  "tls.close-notify": {
    fault: "a download's TLS data connection closed without close_notify",
    behaviour: { sets: [settings.tls({ dataClose: "fin-only" })] },
    options: WITH_TLS,
    verdicts: ["fail"],
    observed: "without close_notify",
    hint: "FileZilla",
  },
  "tls.series": {
    fault: "a TLS session's 3rd data connection refused with 522 after two were accepted",
    behaviour: {
      sets: [settings.tls()],
      handlers: fromNth(3, ["RETR", "STOR"], reply("522 SSL connection failed: session reuse required")),
    },
    options: WITH_TLS,
    verdicts: ["fail", "fail", "fail", "fail"],
    observed: "stopped at transfer",
    cause: "tls-series-stopped",
  },
  "active.session-end": {
    fault:
      "a connection greeted after an active-mode download is never answered once that session ends (pyftpdlib 1.5.7)",
    behaviour: { sets: [faults.sessionEndLosesNext] },
    verdicts: ["fail"],
    observed: "second connection's USER: no reply",
    cause: "session-end-stops-other-session",
  },
  "server.alive": {
    fault: "the server exited (a segmentation fault)",
    behaviour: {},
    options: { health: { running: false, exitCode: 139, logTail: "vsftpd: child reaped" } },
    verdicts: ["fail"],
    observed: "code 139",
    hint: "init",
  },
};

/**
 * The real clients' checks: suites/real-clients.test.ts runs each one (CLIENT_CHECKS, one per
 * REAL_CLIENTS entry) against a fake whose file arrives altered ("should fail when the file arrives
 * altered", info), and the passive and active ones against ports that do not answer; only where the
 * client program is installed, as the client image has it.
 */
const FAILED_ELSEWHERE = new Set(CLIENT_CHECKS.map((c) => c.id));

/** Checks no fake on loopback can make fail, and why (none so far). */
const CANNOT_FAIL_ON_LOOPBACK: Readonly<Record<string, string>> = {};

const CHECKED = CATALOGUE.filter((c) => FAULTS[c.id]);

describe("every check against a server with the fault it is about", { timeout: 30000 }, () => {
  const agents: Partial<Record<NonNullable<Fault["agents"]>, LocalAgents>> = {};
  beforeAll(() => {
    agents.ipv4 = startLocalAgents();
    agents.ipv6 = startLocalIpv6Agents();
    agents["ipv6-apart"] = startLocalAgentsApart();
  });
  afterAll(() => Object.values(agents).forEach((a) => a.close()));

  for (const check of CHECKED) {
    const entry = FAULTS[check.id] as Fault;
    it(`${check.id} should fail a server where ${entry.fault}`, async () => {
      const using = agents[entry.agents ?? "ipv4"] as LocalAgents;
      const results = await runAgainstFake(using, check, entry.behaviour, entry.options);
      const shown = results.map((r) => `${r.variant ?? "-"}: ${r.verdict}: ${r.observed}`).join("\n");
      expect(
        results.map((r) => r.verdict),
        shown,
      ).toEqual(entry.verdicts);
      for (const result of results) {
        expect(CAUGHT, shown).toContain(result.verdict);
        if (result.verdict === "xfail") expect(result.note).toContain(`expected in ${result.scenario}`);
        expect(result.cause?.kind, shown).toBe(entry.cause);
        if (entry.causeShows) expect(result.cause, shown).toMatchObject(entry.causeShows);
        if (entry.codes) expect(replyCodes(result, Object.keys(entry.codes)), shown).toEqual(entry.codes);
        if (typeof entry.observed === "string") expect(result.observed, shown).toContain(entry.observed);
        else if (entry.observed) expect(result.observed, shown).toMatch(entry.observed);
        if (entry.hint !== undefined) expect(result.hint, shown).toContain(entry.hint);
      }
    });
  }
});

describe("the table of faults", () => {
  it("should have a fault for every check, or say where it fails (the real clients) or why it cannot", () => {
    const missing = CATALOGUE.map((c) => c.id).filter(
      (id) => !FAULTS[id] && !FAILED_ELSEWHERE.has(id) && !CANNOT_FAIL_ON_LOOPBACK[id],
    );
    expect(missing).toEqual([]);
  });

  it("should name only checks that exist, and every real client's check be one real-clients.test.ts runs", () => {
    const ids = new Set(CATALOGUE.map((c) => c.id));
    expect(Object.keys(FAULTS).filter((id) => !ids.has(id))).toEqual([]);
    expect(CATALOGUE.filter((c) => c.id.startsWith("client.")).map((c) => c.id)).toEqual([...FAILED_ELSEWHERE]);
  });
});
