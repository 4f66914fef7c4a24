import { runCertificateAuthority } from "./certificate-authority.js";

/** The CA a client trusts for a target's certificate: its PEM, and how the evidence names it. */
export interface TrustedCa {
  pem: string;
  /** e.g. "the run's CA", or "the profile's CA (tls.ca: ./image-ca.pem)". */
  name: string;
}

/**
 * The profile's CA (`tls.ca`, for an image that brings its own certificate), else the run's: the
 * one that signed the certificate the harness writes at {{tlsCertificate}}.
 */
export function trustedCa(profileCa: { file: string; pem: string } | undefined): TrustedCa {
  if (profileCa) return { pem: profileCa.pem, name: `the profile's CA (tls.ca: ${profileCa.file})` };
  return { pem: runCertificateAuthority().certificatePem, name: "the run's CA" };
}
