import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { classifyAddress } from "../harness/ftp/classify-address.js";
import { causeOfFailedDial, causeOfStaleAddress } from "../harness/checks/failure-cause.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { dialWait, transferWait, type CheckContext } from "../harness/checks/check-context.js";
import { connectData, describeDial, download } from "../harness/ftp/data-connection.js";
import { enterPassive } from "../harness/ftp/passive-mode.js";
import { largestFixture } from "../harness/fixtures/fixture-files.js";
import { pasvNotOverIpv6 } from "./ipv6-steps.js";
import { binarySession } from "./passive-steps.js";

export const addressPublic: CheckDefinition = {
  id: "address.public",
  title: "The 227 address is the address the client reaches the server at",
  source: "RFC 959 section 4.1.2 (PASV); vsftpd.conf(5) pasv_address; ProFTPD MasqueradeAddress",
  requirement:
    "Behind NAT the 227 address equals the public address the deployment declares (the gateway's); " +
    "without NAT, the server's own address.",
  level: "MUST",
  concurrency: "shared",
  notApplicable: pasvNotOverIpv6,
  async run(context) {
    const { publicAddress } = context.network;
    const session = await context.openLoggedIn();
    const endpoint = await enterPassive(session, "PASV", context.network.control.host);
    if (endpoint.host === publicAddress) return pass(publicAddress, endpoint.host);
    const { reach, cause } = await dialAdvertised(context, endpoint);
    const stale = causeOfStaleAddress(endpoint, context.network);
    if (stale) {
      return fail(
        publicAddress,
        `227 advertises ${endpoint.host} (from the client: ${reach}): ${stale.detail}; where the old address no ` +
          `longer leads to the server, a client that follows the 227 cannot connect; see address.diagnosis`,
        staleAddressFix(context),
        stale,
      );
    }
    return fail(
      publicAddress,
      `227 advertises ${endpoint.host} (from the client: ${reach}); the client reaches the server at ${publicAddress}, ` +
        `so a client that follows the 227 cannot connect (one that ignores it, like curl's default, still works); ` +
        `see address.diagnosis`,
      advertisedAddressFix(context),
      cause,
    );
  },
};

/**
 * Probes a wrong 227's endpoint from the client: what the client meets there is the evidence of
 * the failure's cause. The agent dials only the topology's own subnets: an outside address is
 * named, never dialled.
 */
async function dialAdvertised(context: CheckContext, endpoint: Endpoint) {
  const probe = await context.client.request("tcp.probe", { ...endpoint, timeoutMs: context.timeouts.dataConnectMs });
  const reach = describeDial(probe.outcome, context.timeouts);
  context.transcript.note(`probe of the advertised ${endpoint.host}:${endpoint.port} from the client: ${reach}`);
  return { reach, cause: causeOfFailedDial(endpoint, probe.outcome, context.network) };
}

const advertisedAddressFix = (context: CheckContext) =>
  `${context.target.settings.publicAddress(context.network.publicAddress)}; or use EPSV, which carries no address`;

/** A server told a host name that resolved it once: what makes it advertise the name's address of now. */
const staleAddressFix = (context: CheckContext) =>
  `restart the server whenever ${context.network.publicName?.name ?? "its public name"} changes address (it ` +
  `resolves the name only when it starts), or use a server that resolves it per session; or use EPSV, which ` +
  `carries no address`;

export const addressDiagnosis: CheckDefinition = {
  id: "address.diagnosis",
  title: "What kind of address a wrong 227 names, and the setting that fixes it",
  source: "RFC 1918 section 3 (private address space); vsftpd.conf(5) pasv_address; ProFTPD MasqueradeAddress",
  requirement:
    "When the 227 names an address other than the one the client reaches the server at, the report says which " +
    "kind it is (private range, the server's own container address, unroutable) and whether the client can reach it.",
  level: "ADVISORY",
  concurrency: "shared",
  notApplicable: pasvNotOverIpv6,
  async run(context) {
    const { publicAddress, serverAddress, privateSubnets } = context.network;
    const session = await context.openLoggedIn();
    const endpoint = await enterPassive(session, "PASV", context.network.control.host);
    if (endpoint.host === publicAddress) {
      return pass(`the 227 names ${publicAddress}`, `${endpoint.host}: the address the client reaches the server at`);
    }
    const kind = classifyAddress(endpoint.host, serverAddress, privateSubnets);
    const { reach, cause } = await dialAdvertised(context, endpoint);
    const stale = causeOfStaleAddress(endpoint, context.network);
    return fail(
      `the 227 names ${publicAddress}`,
      stale ? `${stale.detail}; from the client: ${reach}` : `${endpoint.host} is ${kind}; from the client: ${reach}`,
      stale ? staleAddressFix(context) : advertisedAddressFix(context),
      stale ?? cause,
    );
  },
};

export const addressEpsvThroughNat: CheckDefinition = {
  id: "address.epsv-through-nat",
  title: "An EPSV transfer works through the NAT",
  source: "RFC 2428 section 3 (the 229 reply carries only the port, so NAT does not change it)",
  requirement: "Behind NAT, with or without an advertised address, an EPSV download completes with a matching SHA-256.",
  level: "MUST",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: (scenario) => (scenario.natted ? null : "no NAT in this scenario"),
  async run(context) {
    const file = largestFixture();
    const { fetch } = await binarySession(context, "EPSV");
    const got = await fetch(`RETR ${file.name}`);
    const expected = `${file.size} bytes, sha256 ${file.sha256}`;
    const observed = `${got.bytes} bytes, sha256 ${got.sha256}`;
    return got.sha256 === file.sha256
      ? pass(expected, observed)
      : fail(expected, observed, "the data stream was altered or cut");
  },
};

export const addressAlgRewrite: CheckDefinition = {
  id: "address.alg-rewrite",
  title: "Behind an FTP-aware gateway, PASV works only thanks to the helper",
  source: "Linux nf_conntrack_ftp / nf_nat_ftp (kernel docs: networking/nf_conntrack-sysctl, nf_conntrack_helper)",
  requirement:
    "In nat-alg the client sees the public address in the 227 and a LIST completes; the report says the " +
    "deployment depends on the gateway's FTP helper, which cannot read an encrypted (FTPS) control channel.",
  level: "ADVISORY",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: (scenario) =>
    !scenario.ftpHelper
      ? "no FTP helper in this scenario"
      : !scenario.natted
        ? "no NAT in this scenario: the helper has no 227 address to rewrite"
        : null,
  async run(context) {
    const { publicAddress } = context.network;
    const session = await context.openLoggedIn();
    const endpoint = await enterPassive(session, "PASV", context.network.control.host);
    const expected = `227 naming ${publicAddress} (rewritten by the helper) and a complete LIST`;
    if (endpoint.host !== publicAddress) {
      return fail(
        expected,
        `the client saw ${endpoint.host}: the helper did not rewrite the 227`,
        "attach the helper: iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp",
      );
    }
    const data = await connectData(context.client, endpoint, context.transcript, dialWait(context.timeouts), {
      session,
    });
    await download(session, context.client, data, "LIST", context.transcript, transferWait(context.timeouts));
    return pass(
      expected,
      `the client saw ${publicAddress} and LIST completed, but only because the gateway's FTP helper rewrote the 227 and ` +
        `opened the data port: under FTPS (AUTH TLS) the helper is blind and PASV breaks. ` +
        `${context.target.settings.publicAddress(publicAddress)} and forward the passive range to stop depending on it`,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 60;

export const ADDRESS_CHECKS: readonly CheckDefinition[] = [
  addressPublic,
  addressDiagnosis,
  addressEpsvThroughNat,
  addressAlgRewrite,
];
