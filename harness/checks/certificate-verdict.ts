import type { TlsHandshake } from "../agent/tls-protocol.js";
import { describeAltNames } from "../ftp/tls-evidence.js";
import type { TrustedCa } from "../tls/trusted-ca.js";
import type { FailureCause } from "./failure-cause.js";

/** Why a verifying client (curl, lftp, ftplib, basic-ftp) rejects a server certificate. */
export type CertificateFault = "unknown CA" | "name mismatch" | "expired" | "not yet valid" | "not trusted";

/**
 * The faults a verifying client finds in the certificate a completed handshake showed, each with
 * its evidence; empty when it would accept it, or when no certificate was shown (a resumed
 * session: its certificate is the one of the session it resumed). Pure.
 */
export function certificateFaults(
  handshake: TlsHandshake,
  ca: TrustedCa,
): Array<{ fault: CertificateFault; words: string }> {
  const shown = handshake.certificate;
  if (handshake.outcome !== "secured" || !shown) return [];
  const faults: Array<{ fault: CertificateFault; words: string }> = [];
  const chains = handshake.chainsToCa ?? handshake.trusted === true;
  if (!chains) {
    faults.push({
      fault: "unknown CA",
      words: `issued by '${shown.issuer}', which does not chain to ${ca.name}${handshake.trustError ? ` (${handshake.trustError})` : ""}`,
    });
  }
  if (handshake.validity === "expired") faults.push({ fault: "expired", words: `expired on ${shown.validTo}` });
  if (handshake.validity === "not-yet-valid") {
    faults.push({ fault: "not yet valid", words: `not valid before ${shown.validFrom ?? "its notBefore date"}` });
  }
  if (handshake.namesHost === false) {
    const where = handshake.host ?? "the address dialled";
    faults.push({
      fault: "name mismatch",
      words: `names ${shown.subjectAltName ? describeAltNames(shown.subjectAltName) : `only '${shown.subject}' (no subjectAltName)`}, not ${where}`,
    });
  }
  // OpenSSL refused it for a reason none of the above explains (a CA that expired, a bad key usage).
  if (faults.length === 0 && handshake.trusted === false) {
    faults.push({ fault: "not trusted", words: `refused by OpenSSL: ${handshake.trustError ?? "unknown reason"}` });
  }
  return faults;
}

/** What a check reports for a certificate a verifying client rejects: the evidence, the fix, the cause. */
export interface RejectedCertificate {
  /** e.g. "the certificate 'CN=x' is rejected by a verifying client: unknown CA (issued by ...)". */
  observed: string;
  hint: string;
  cause: FailureCause;
}

/**
 * The failure for a certificate a verifying client rejects, or undefined when it would accept it.
 * `where` says which connection showed it ("the control connection", "the data connection"). Pure.
 */
export function rejectedCertificate(
  handshake: TlsHandshake,
  ca: TrustedCa,
  where: string,
): RejectedCertificate | undefined {
  const faults = certificateFaults(handshake, ca);
  if (faults.length === 0) return undefined;
  const reasons = faults.map((f) => `${f.fault} (${f.words})`).join("; ");
  const subject = handshake.certificate?.subject ?? "";
  return {
    observed: `the certificate '${subject}' on ${where} is one every verifying client rejects: ${reasons}`,
    hint: certificateHint(
      faults.map((f) => f.fault),
      ca,
    ),
    cause: {
      kind: "server-certificate-rejected",
      detail: `${faults.map((f) => f.fault).join(", ")}: ${reasons}`,
    },
  };
}

/** The fix: the run's certificate through the placeholders; or, for an image's own certificate, its CA or a certificate that fits. */
function certificateHint(faults: readonly CertificateFault[], ca: TrustedCa): string {
  const fixes = [...new Set(faults.flatMap((fault) => faultFix(fault, ca) ?? []))];
  return [RUN_CERTIFICATE, ...fixes.map((fix) => `or ${fix}`)].join("; ");
}

/** The fix every certificate fault has: the certificate the harness issues for the run. */
export const RUN_CERTIFICATE =
  "use the run's certificate: point the server at {{tlsCertificate}} and {{tlsKey}} in the profile (signed by " +
  "the run's CA, naming every address the client dials, valid for the run)";

/** The fix for one fault of an image's own certificate (besides the run's certificate); none for OpenSSL's other reasons. */
export function faultFix(fault: CertificateFault, ca: TrustedCa): string | undefined {
  switch (fault) {
    case "unknown CA":
      return ca.name === "the run's CA"
        ? "for an image that brings its own certificate, declare the CA that signed it with tls.ca (a PEM file, relative to the profile)"
        : `declare in tls.ca the CA that signed the server's certificate (now ${ca.name})`;
    case "expired":
    case "not yet valid":
      return "give the image a certificate valid now";
    case "name mismatch":
      return "give the image a certificate whose subjectAltName names each address the client dials";
    case "not trusted":
      return undefined;
  }
}
