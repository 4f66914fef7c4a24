import type { CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { certificateFaults, faultFix, RUN_CERTIFICATE } from "../harness/checks/certificate-verdict.js";
import {
  describeKey,
  longLifetimeDays,
  MAX_PUBLIC_LIFETIME_DAYS,
  strengthFindings,
} from "../harness/checks/certificate-strength.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import type { TlsHandshake } from "../harness/agent/tls-protocol.js";
import { replyText } from "../harness/ftp/reply-text.js";
import { authTls } from "../harness/ftp/tls-control.js";
import { describeAltNames, describeHandshake } from "../harness/ftp/tls-evidence.js";
import type { TrustedCa } from "../harness/tls/trusted-ca.js";
import { openImplicitControl, targetCa, tlsNotApplicable } from "./tls-steps.js";

/** One thing found wrong with the certificate: what, its evidence, its fix. */
interface Finding {
  fault: string;
  words: string;
  fix: string | undefined;
  /** Whether verifying clients reject it today (chain, name, dates) or it is weak (key, signature). */
  rejected: boolean;
}

/**
 * The control connection's handshake: AUTH TLS, or implicit TLS from the first byte; asking for the
 * scenario's public host name where it has one (SNI, and the name the certificate is matched
 * against), as a client that dials the name does. Undefined when AUTH TLS is refused (tls.auth
 * says why).
 */
async function controlHandshake(
  context: CheckContext,
  ca: TrustedCa,
  servername: string | undefined,
): Promise<{ tls: TlsHandshake } | { refused: string }> {
  if (context.target.tls?.mode === "implicit") {
    const { session, tls } = await openImplicitControl(context, ca, undefined, servername);
    await session.close();
    return { tls };
  }
  const session = await context.openControl();
  const { reply, tls } = await authTls(session, context.client, context.transcript, ca, undefined, servername);
  return tls ? { tls } : { refused: replyText(reply) };
}

/** Everything wrong with the certificate a completed handshake showed, each with its fix. Pure. */
function findingsOf(handshake: TlsHandshake, ca: TrustedCa, dialled: string): Finding[] {
  const shown = handshake.certificate;
  if (!shown) return [];
  const weak = strengthFindings(shown).map((f): Finding => ({ ...f, rejected: false }));
  // OpenSSL's refusal of a weak signature or key ("not trusted", in its words) is that finding already.
  const faults = certificateFaults(handshake, ca).filter((f) => !(f.fault === "not trusted" && weak.length > 0));
  const rejected = faults.map((f): Finding => ({
    fault: f.fault,
    words: f.words,
    fix:
      f.fault === "name mismatch"
        ? `give the image a certificate whose subjectAltName names ${dialled}`
        : faultFix(f.fault, ca),
    rejected: true,
  }));
  return [...rejected, ...weak];
}

export const tlsCertificate: CheckDefinition = {
  id: "tls.certificate",
  title: "The control connection's certificate chains, names what the client dials, is in date, and is strong enough",
  source:
    "RFC 5280 section 6 (path validation) and section 4.1.2.5 (validity); RFC 6125 section 6 (the server's " +
    "identity); RFC 2818 section 3.1 (names and addresses); RFC 6151 section 2 (MD5); RFC 9155 section 2 (MD5 and SHA-1 " +
    "signatures); NIST SP 800-131A Rev. 2 sections 3 and 9 (key sizes, SHA-1); CA/Browser Forum Baseline " +
    "Requirements sections 6.1.5 (key sizes), 6.3.2 (lifetime, advisory here) and 7.1.3.2 (signature algorithms)",
  requirement:
    "The certificate the server shows on the control connection chains to the CA the profile trusts (the run's " +
    "CA unless tls.ca names another); names what the client dials in this scenario (the public address behind " +
    "NAT, the IPv6 address over IPv6, the host name where the scenario has one, asked for by SNI); is valid now; " +
    "carries an RSA key of at least 2048 bits or an EC key of at least 256; and is not signed with MD5 or SHA-1. " +
    "Each fault is a finding with its own fix. A lifetime over 398 days is noted as advice only: a private CA " +
    "is not bound by the Baseline Requirements' limit.",
  level: "MUST",
  concurrency: "shared",
  notApplicable: tlsNotApplicable,
  async run(context) {
    const ca = targetCa(context);
    const servername = context.network.publicName?.name;
    const dialled = servername ? `the host name ${servername}` : `the address ${context.network.control.host}`;
    const expected =
      `a certificate that chains to ${ca.name}, names ${dialled}, is valid now, has an RSA key of 2048 bits ` +
      `or more (EC: 256) and is not signed with MD5 or SHA-1`;
    const got = await controlHandshake(context, ca, servername);
    if ("refused" in got) return inconclusive(`AUTH TLS got '${got.refused}', so no certificate was shown (tls.auth)`);
    const { tls } = got;
    const shown = tls.certificate;
    if (tls.outcome !== "secured" || !shown) {
      return inconclusive(`no certificate was shown: ${describeHandshake(tls, ca.name)} (tls.auth)`);
    }
    const seen =
      `certificate '${shown.subject}' issued by '${shown.issuer}'` +
      `${shown.subjectAltName ? ` for ${describeAltNames(shown.subjectAltName)}` : ""}` +
      `, valid ${shown.validFrom ?? "?"} to ${shown.validTo}, ${describeKey(shown.key)}, ` +
      `signed with ${shown.signature?.algorithm ?? "an algorithm not reported"}`;
    const findings = findingsOf(tls, ca, dialled);
    if (findings.length === 0) {
      const days = longLifetimeDays(shown);
      const advice =
        days === undefined
          ? ""
          : `; advisory: valid for ${days} days, longer than the ${MAX_PUBLIC_LIFETIME_DAYS} a publicly trusted ` +
            `certificate may be (not a failure for a private CA)`;
      return pass(expected, `${seen}; chains to ${ca.name}; names ${dialled}${advice}`);
    }
    const lines = findings.map((f, i) => `(${i + 1}) ${f.fault}: ${f.words}`);
    const fixes = findings.flatMap((f, i) => (f.fix ? [`(${i + 1}) ${f.fix}`] : []));
    const anyRejected = findings.some((f) => f.rejected);
    return fail(expected, `${seen}; ${lines.join("; ")}`, [RUN_CERTIFICATE, ...fixes].join("; or "), {
      kind: anyRejected ? "server-certificate-rejected" : "server-certificate-weak",
      detail: findings.map((f) => `${f.fault} (${f.words})`).join("; "),
    });
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts): after tls.close-notify. */
export const SUITE_ORDER = 122;

export const TLS_CERTIFICATE_CHECKS: readonly CheckDefinition[] = [tlsCertificate];
