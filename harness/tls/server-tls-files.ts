import { runCertificateAuthority } from "./certificate-authority.js";
import { issueServerCertificate } from "./server-certificate.js";

/** Where the harness puts the server's certificate and key in the server's container ({{tlsCertificate}}, {{tlsKey}}). */
export const SERVER_CERTIFICATE_PATH = "/etc/ftp-conformance/tls/server.crt";
export const SERVER_KEY_PATH = "/etc/ftp-conformance/tls/server.key";

/**
 * The certificate and key files for a server reached at `names`, signed by the run's CA, as
 * files to put in its container.
 */
export function serverTlsFiles(names: readonly string[]): Array<{ path: string; content: string }> {
  const pair = issueServerCertificate(runCertificateAuthority(), names);
  return [
    { path: SERVER_CERTIFICATE_PATH, content: pair.certificatePem },
    { path: SERVER_KEY_PATH, content: pair.keyPem },
  ];
}
