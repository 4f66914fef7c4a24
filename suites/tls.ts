import { transferWait, type CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import {
  causeOfHelperBlindness,
  causeOfPrivateAdvertisement,
  causeOfStaleAddress,
} from "../harness/checks/failure-cause.js";
import { fail, inconclusive, pass, type CheckOutcome } from "../harness/checks/outcome.js";
import { largestFixture } from "../harness/fixtures/fixture-files.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { describeDial, download } from "../harness/ftp/data-connection.js";
import { awaitFinalReply, describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { enterListener, enterPassive } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, isCode, replyText } from "../harness/ftp/reply-text.js";
import { authTls, dataHandshake, type DataResumption } from "../harness/ftp/tls-control.js";
import type { TlsHandshake } from "../harness/agent/tls-protocol.js";
import { describeHandshake } from "../harness/ftp/tls-evidence.js";
import { VersionRefused, versionOfVariant } from "../harness/ftp/tls-versions.js";
import { rejectedCertificate } from "../harness/checks/certificate-verdict.js";
import { DATA_REFUSALS, judgeIntruderRun, runIntruderAttempt, servedIntruderCause } from "./intruder-steps.js";
import { pasvNotOverIpv6, pasvVariantNotOverIpv6 } from "./ipv6-steps.js";
import { acceptWait, listThrough, modeOf } from "./passive-steps.js";
import { intruderIndistinct, intruderStoppedBeforeServer } from "../harness/topology/scenario.js";
import {
  dataUnderTlsNotApplicable,
  protectedBinarySession,
  protectedData,
  refusedForVersion,
  judgeRefusedVersion,
  targetCa,
  tlsControlEndpoint,
  tlsIntruderChannel,
  tlsDeclaredAnd,
  tlsNotApplicable,
  underVersion,
  withTlsSessions,
} from "./tls-steps.js";

/** A variant of tls.prot-p: the passive command and the TLS version, e.g. "epsv-tls1.3". */
const modeOfVersioned = (variant: string | undefined) => (variant?.startsWith("epsv") ? "epsv" : "pasv");

/** The settings that make a server offer TLS, in its own words when the profile gives them. */
const enableTls = (context: CheckContext) =>
  `enable explicit FTPS (AUTH TLS) with the certificate and key at {{tlsCertificate}} and {{tlsKey}}` +
  (context.target.tls?.hints.sessionReuse ? ` (see ${context.target.tls.hints.sessionReuse})` : "");

/** The fix for a declared implicit TLS port that does not speak TLS from the first byte. */
const implicitHint = (context: CheckContext) =>
  `serve FTPS from the first byte on port ${tlsControlEndpoint(context).port} (implicit mode), or declare ` +
  `tls.mode: explicit if the server expects AUTH TLS there`;

export const tlsAuth: CheckDefinition = {
  id: "tls.auth",
  title: "AUTH TLS is accepted and the handshake, at each current TLS version, shows a certificate clients accept",
  source:
    "RFC 4217 section 4 (AUTH TLS, 234) and section 5 (the server's reply); RFC 2228 section 3 (AUTH); " +
    "RFC 8446 and RFC 5246 (TLS 1.3 and 1.2); RFC 8996 (TLS 1.0 and 1.1 deprecated); " +
    "RFC 5280 section 6 (path validation, validity dates); RFC 2818 section 3.1 (the server's identity)",
  requirement:
    "A server that offers FTPS answers AUTH TLS with 234 and completes a TLS handshake on the control connection " +
    "(implicit mode: from the first byte) with a certificate a verifying client accepts: it chains to the CA the " +
    "profile trusts (the run's CA unless tls.ca names another), names the address the client dialled, and is " +
    "valid now; after that the login works under TLS. Run once per version (tls1.2, tls1.3): a version the " +
    "server does not offer does not apply while it offers the other; a server offering neither TLS 1.2 nor 1.3 " +
    "(only TLS 1.0 or 1.1, which RFC 8996 deprecates) fails.",
  level: "MUST",
  concurrency: "shared",
  variants: ["tls1.2", "tls1.3"],
  notApplicable: tlsNotApplicable,
  async run(context, variant) {
    const version = versionOfVariant(variant);
    const ca = targetCa(context);
    const expected =
      `234 to AUTH TLS, a completed TLS handshake${version ? ` at ${variant}` : ""} with a certificate that ` +
      `chains to ${ca.name}, names the address dialled and is valid now, and a login under TLS`;
    if (context.target.tls?.mode === "implicit") {
      return underVersion(context, version, expected, () =>
        withTlsSessions(context, async (open) => {
          let handshake: TlsHandshake;
          try {
            ({ handshake } = await open({ protect: false, ...(version ? { version } : {}) }));
          } catch (error) {
            if (!(error instanceof ProtocolFailure) || error instanceof VersionRefused) throw error;
            return fail(expected, `no TLS from the first byte: ${error.message}`, implicitHint(context));
          }
          const observed = describeHandshake(handshake, ca.name);
          const rejected = rejectedCertificate(handshake, ca, "the control connection");
          if (rejected) return fail(expected, `${observed}; ${rejected.observed}`, rejected.hint, rejected.cause);
          return pass(expected, `${observed}; login under TLS: 230`);
        }),
      );
    }
    const session = await context.openControl();
    const { reply, tls } = await authTls(session, context.client, context.transcript, ca, version);
    if (!tls) return fail(expected, `AUTH TLS got '${replyText(reply)}'`, enableTls(context));
    const refused = refusedForVersion(tls, version);
    if (refused) return judgeRefusedVersion(context, refused, expected);
    if (tls.outcome !== "secured") {
      return fail(
        expected,
        `234, then ${describeHandshake(tls, ca.name)}`,
        "check the server's certificate, key and TLS settings",
      );
    }
    const observed = `'${replyText(reply)}'; ${describeHandshake(tls, ca.name)}`;
    // A verifying client stops here, before sending the password.
    const rejected = rejectedCertificate(tls, ca, "the control connection");
    if (rejected) return fail(expected, `${observed}; ${rejected.observed}`, rejected.hint, rejected.cause);
    await session.login(context.target.credentials);
    return pass(expected, `${observed}; login under TLS: 230`);
  },
};

export const tlsProtP: CheckDefinition = {
  id: "tls.prot-p",
  title: "Transfers over TLS data connections (PBSZ 0, PROT P) arrive intact",
  source:
    "RFC 4217 sections 8 and 9 (PBSZ, PROT); RFC 2228 section 3 (PROT P); RFC 8446 and RFC 5246 (TLS 1.3 and 1.2)",
  requirement:
    "After AUTH TLS, PBSZ 0 and PROT P are answered 200, and every fixture downloads over a TLS data connection " +
    "(resuming the control connection's TLS session, as clients do) with a matching SHA-256, under a certificate " +
    "a verifying client accepts (the one the data connection shows, or the resumed session's). Run through PASV " +
    "and EPSV at each current TLS version (pasv-tls1.2 ... epsv-tls1.3), control and data connections pinned to " +
    "it: a version the server does not offer does not apply while it offers the other.",
  level: "MUST",
  concurrency: "shared",
  variants: ["pasv-tls1.2", "pasv-tls1.3", "epsv-tls1.2", "epsv-tls1.3"],
  dialsDataPort: true,
  notApplicable: (scenario, target, variant) =>
    dataUnderTlsNotApplicable(scenario, target) ?? pasvVariantNotOverIpv6(scenario, target, modeOfVersioned(variant)),
  async run(context, variant) {
    const mode = modeOf(modeOfVersioned(variant));
    const version = versionOfVariant(variant);
    const ca = targetCa(context);
    const expected = `${context.fixtures.length} files over TLS data connections with matching SHA-256 over ${mode}`;
    return underVersion(context, version, expected, () =>
      withTlsSessions(context, async (open) => {
        const { session, handshake: control } = await protectedBinarySession(open, version);
        const lines: string[] = [];
        let first: string | undefined;
        for (const file of context.fixtures) {
          const endpoint = await enterPassive(session, mode, context.network.control.host);
          const data = await protectedData(context, session, endpoint, "resume");
          const got = await download(
            session,
            context.client,
            data,
            `RETR ${file.name}`,
            context.transcript,
            context.timeouts.transferMs,
          );
          const tls = await dataHandshake(context.client, data, context.transcript, context.timeouts.dataConnectMs, ca);
          if (tls.outcome !== "secured") {
            return fail(`${file.name} over a TLS data connection`, `${file.name}: ${describeHandshake(tls, ca.name)}`);
          }
          // The data channel's certificate: the one it showed, or, resuming, the session's (the control connection's).
          const rejected = tls.certificate
            ? rejectedCertificate(tls, ca, `the data connection for ${file.name}`)
            : tls.resumed
              ? rejectedCertificate(
                  control,
                  ca,
                  `the data connection for ${file.name} (resuming the control connection's TLS session)`,
                )
              : undefined;
          if (rejected) {
            return fail(
              `${file.name} over a TLS data connection under a certificate that chains to ${ca.name}, names the ` +
                `address dialled and is valid now`,
              `${file.name}: ${describeHandshake(tls, ca.name)}; ${rejected.observed}`,
              rejected.hint,
              rejected.cause,
            );
          }
          if (got.sha256 !== file.sha256) {
            return fail(
              `${file.name}: ${file.size} bytes, sha256 ${file.sha256}`,
              `${file.name}: ${got.bytes} bytes, sha256 ${got.sha256} over TLS`,
              "check binary mode (TYPE I) and anything rewriting the data stream",
            );
          }
          first ??= describeHandshake(tls, ca.name);
          lines.push(`${file.name} ${got.bytes} B ok`);
        }
        return pass(expected, `${lines.join("; ")}; first data connection: ${first ?? "-"}`);
      }),
    );
  },
};

export const tlsAddressThroughNat: CheckDefinition = {
  id: "tls.address-through-nat",
  title: "Under TLS the 227 names the public address",
  source: "RFC 959 section 4.1.2 (PASV); RFC 4217 section 4 (after AUTH TLS the control connection is encrypted)",
  requirement:
    "In a NAT scenario where the server is told its public address, the 227 sent under TLS names that address: " +
    "no middlebox can rewrite an encrypted reply, so only the server's own setting puts it there.",
  level: "MUST",
  concurrency: "shared",
  notApplicable: tlsDeclaredAnd((scenario) =>
    scenario.natted && scenario.advertisesPublicAddress && !scenario.ftpHelper
      ? null
      : "only in NAT scenarios where the server is told its public address",
  ),
  async run(context) {
    const expected = `the 227 under TLS names ${context.network.publicAddress}`;
    return withTlsSessions(context, async (open) => {
      const { session } = await open({ protect: true });
      const endpoint = await enterPassive(session, "PASV", context.network.control.host);
      const observed = `the 227 under TLS names ${endpoint.host}:${endpoint.port}`;
      if (endpoint.host === context.network.publicAddress) return pass(expected, observed);
      const stale = causeOfStaleAddress(endpoint, context.network);
      return fail(
        expected,
        stale ? `${observed}: ${stale.detail}` : observed,
        context.target.settings.publicAddress(context.network.publicAddress),
        stale ?? causeOfPrivateAdvertisement(endpoint, context.network),
      );
    });
  },
};

export const tlsAlgBlind: CheckDefinition = {
  id: "tls.alg-blind",
  title: "Behind the kernel FTP helper, passive transfers under TLS work without it",
  source:
    "RFC 4217 section 4 (the control connection is encrypted after AUTH TLS); Linux nf_conntrack_ftp " +
    "(net/netfilter/nf_conntrack_ftp.c reads the 227 in plaintext)",
  requirement:
    "Where the gateway relies on the kernel FTP helper and the server is not told its public address, a PASV " +
    "transfer that works in plaintext also works under TLS: the helper cannot read the encrypted 227, so the " +
    "server itself must advertise its public address and the gateway forward its passive range.",
  level: "SHOULD",
  concurrency: "shared",
  notApplicable: tlsDeclaredAnd((scenario, target) =>
    target.tls?.required
      ? "the target requires TLS (tls.required): there is no plaintext transfer to compare with"
      : scenario.ftpHelper
        ? pasvNotOverIpv6(scenario)
        : "only behind the kernel FTP helper (nat-alg)",
  ),
  async run(context) {
    const expected = "a PASV LIST under TLS completes as it does in plaintext";
    let plaintext: string;
    try {
      const listed = await listThrough(context, "PASV");
      plaintext = `in plaintext the 227 named ${listed.endpoint.host}:${listed.endpoint.port} and LIST completed`;
    } catch (error) {
      if (!(error instanceof ProtocolFailure)) throw error;
      return inconclusive(
        `a plaintext PASV LIST through the helper failed too (${error.message}), so what TLS ` +
          `changes cannot be told apart`,
      );
    }
    return withTlsSessions(context, async (open) => {
      const { session } = await open({ protect: true });
      const endpoint = await enterPassive(session, "PASV", context.network.control.host);
      let data: string;
      try {
        data = await protectedData(context, session, endpoint, "resume");
      } catch (error) {
        if (!(error instanceof ProtocolFailure) || !error.dial) throw error;
        const cause = causeOfHelperBlindness(
          { plaintextWorked: true, endpoint, outcome: error.dial.outcome },
          context.network,
        );
        const { publicAddress } = context.network;
        const range = context.target.passiveRange;
        return fail(
          expected,
          `${plaintext}; under TLS the 227 named ${endpoint.host}:${endpoint.port} and the client's dial met: ` +
            describeDial(error.dial.outcome, context.timeouts),
          `advertise the public address yourself (${context.target.settings.publicAddress(publicAddress)}) and ` +
            `forward the passive range ${range.min}-${range.max} on the gateway: under TLS the FTP helper cannot ` +
            `read the 227, so do not rely on it`,
          cause,
        );
      }
      const listing = await download(
        session,
        context.client,
        data,
        "LIST",
        context.transcript,
        context.timeouts.transferMs,
      );
      return pass(
        expected,
        `${plaintext}; under TLS the 227 named ${endpoint.host}:${endpoint.port} and LIST completed (${listing.bytes} bytes)`,
      );
    });
  },
};

/** What one RETR over a TLS data connection met: the bytes, the data handshake, and the final reply. */
async function retrUnderTls(context: CheckContext, session: ControlSession, resumption: DataResumption) {
  const file = largestFixture();
  const { endpoint } = await enterListener(session, context.network.control.host);
  const data = await protectedData(context, session, endpoint, resumption);
  const command = `RETR ${file.name}`;
  const first = await replyOrNone(session.send(command));
  const started = "none" in first ? first.silent : codeClass(first) === 1;
  const read = started
    ? await context.client.request("data.read", { data, timeoutMs: context.timeouts.transferMs })
    : undefined;
  const ca = targetCa(context);
  const tls = await dataHandshake(context.client, data, context.transcript, context.timeouts.dataConnectMs, ca);
  const final = await awaitFinalReply(
    session,
    first,
    command,
    read && read.outcome !== "timeout" ? transferWait(context.timeouts) : acceptWait(context),
  );
  await context.client.request("data.close", { data });
  const intact = "code" in final && codeClass(final) === 2 && read?.sha256 === file.sha256;
  const refused = "code" in final && (codeClass(final) === 4 || codeClass(final) === 5);
  const words =
    `${describeFinal(final)}` +
    (read ? `, ${read.bytes} bytes${read.outcome === "timeout" ? " (the data connection hung)" : ""}` : "") +
    `; data TLS: ${describeHandshake(tls, ca.name)}`;
  return { intact, refused, hung: read?.outcome === "timeout" || "none" in final, resumed: tls.resumed, words };
}

export const tlsSessionReuse: CheckDefinition = {
  id: "tls.session-reuse",
  title: "Whether a TLS data connection must resume the control connection's TLS session",
  source:
    "RFC 4217 section 10 (security considerations: data connection stealing); vsftpd.conf(5) require_ssl_reuse; " +
    "ProFTPD mod_tls TLSOptions NoSessionReuseRequired; pyftpdlib TLS_FTPHandler",
  requirement:
    "A TLS data connection that resumes the control connection's TLS session transfers intact; one that does not " +
    "either transfers intact or is refused with a clean 4xx/5xx reply (servers that require resumption), never a " +
    "hang. The report names which: it decides which clients can transfer at all.",
  level: "ADVISORY",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: dataUnderTlsNotApplicable,
  async run(context) {
    const expected = "resumed: intact; not resumed: intact or a clean refusal";
    return withTlsSessions(context, async (open) => {
      const resumed = await retrUnderTls(context, (await protectedBinarySession(open)).session, "resume");
      const fresh = await retrUnderTls(context, (await protectedBinarySession(open)).session, "fresh");
      const policy = fresh.intact
        ? "data connections need not resume the control connection's TLS session"
        : fresh.refused
          ? "data connections must resume the control connection's TLS session (clients that do not resume cannot transfer)"
          : "unclear";
      const observed = `resuming: ${resumed.words}; not resuming: ${fresh.words}; so ${policy}`;
      const setting = context.target.tls?.hints.sessionReuse;
      if (!resumed.intact) {
        return fail(
          expected,
          observed,
          `a data connection resuming the control connection's session must work${setting ? `: ${setting}` : ""}`,
        );
      }
      if (fresh.hung || !(fresh.intact || fresh.refused)) {
        return fail(
          expected,
          observed,
          `refuse a data connection that does not resume with a 4xx/5xx reply, do not leave it hanging${setting ? ` (${setting})` : ""}`,
        );
      }
      return pass(expected, setting ? `${observed} (${setting})` : observed);
    });
  },
};

/** Replies that refuse a login for policy: 530 not logged in, 534 denied for policy reasons, 550 (ProFTPD's wording). */
const isPolicyRefusal = (code: number | null) => code === 530 || code === 534 || code === 550;

export const tlsRequired: CheckDefinition = {
  id: "tls.required",
  title: "A TLS-only server refuses a login in plaintext",
  source: "RFC 4217 section 4.2 (the server wants a secured session); RFC 2228 section 4 (534)",
  requirement:
    "A target declared TLS-only (tls.required) answers USER or PASS on an unprotected control connection with a " +
    "refusal (530 or 534), never 230: the password must not cross the network in the clear. With implicit TLS on " +
    "a port of its own (tls.port), on the plaintext control port beside it; with implicit TLS on the control port " +
    "there is no unprotected control connection to ask.",
  level: "MUST",
  concurrency: "shared",
  notApplicable: tlsDeclaredAnd((scenario, target) =>
    !target.tls?.required
      ? "the target's profile does not declare tls.required"
      : target.tls.mode === "implicit" && (target.tls.port ?? target.controlPort) === target.controlPort
        ? "implicit TLS: there is no plaintext control connection"
        : null,
  ),
  async run(context) {
    const expected = "USER or PASS in plaintext refused with 530/534";
    const hint = context.target.tls?.hints.required ?? "refuse USER and PASS before AUTH TLS";
    const session = await context.openControl();
    const user = await session.send(`USER ${context.target.credentials.user}`);
    if (isPolicyRefusal(user.code)) return pass(expected, `USER got '${replyText(user)}'`);
    if (user.code === 230) return fail(expected, `USER in plaintext logged in: '${replyText(user)}'`, hint);
    if (user.code !== 331) return fail(expected, `USER got '${replyText(user)}'`, hint);
    const password = await session.send(`PASS ${context.target.credentials.password}`);
    const observed = `USER got '${replyText(user)}', PASS got '${replyText(password)}'`;
    if (isPolicyRefusal(password.code)) return pass(expected, observed);
    return fail(
      expected,
      isCode(password, 230) ? `${observed}: logged in with the password sent in plaintext` : observed,
      hint,
    );
  },
};

export const tlsForeignRefused: CheckDefinition = {
  id: "tls.foreign-refused",
  title: "Under TLS, a data connection from another address is refused",
  source: "RFC 4217 section 10 (security considerations); RFC 2577 section 8 (port stealing)",
  requirement:
    "Under PROT P, when another host (the intruder, completing a TLS handshake of its own) connects to the " +
    "advertised passive port before the client, the server refuses or closes that connection and sends it no data.",
  level: "MUST",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: (scenario, target) =>
    dataUnderTlsNotApplicable(scenario, target) ??
    intruderIndistinct(scenario) ??
    intruderStoppedBeforeServer(scenario),
  async run(context): Promise<CheckOutcome> {
    const expected = "the intruder's TLS data connection refused or closed, with no data";
    const { channel, close } = tlsIntruderChannel(context);
    try {
      const run = await runIntruderAttempt(context, channel);
      // A refused TLS data channel may also get 522 (vsftpd's require_ssl_reuse).
      const found = await judgeIntruderRun(context, run, [...DATA_REFUSALS, 522]);
      if (found.kind === "inconclusive") return inconclusive(found.reason);
      if (found.kind === "shut-out") return pass(expected, found.observed);
      const reuse = context.target.tls?.hints.sessionReuse;
      return fail(
        expected,
        `${found.observed}: the server sent ${run.file.name} over TLS to a host that is not the client`,
        `refuse data connections from other addresses: ${context.target.settings.foreignDataRefused}` +
          (reuse ? `; requiring TLS session reuse also stops it (${reuse})` : ""),
        servedIntruderCause(run),
      );
    } finally {
      await close();
    }
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 120;

export const TLS_CHECKS: readonly CheckDefinition[] = [
  tlsAuth,
  tlsRequired,
  tlsProtP,
  tlsAddressThroughNat,
  tlsAlgBlind,
  tlsSessionReuse,
  tlsForeignRefused,
];
