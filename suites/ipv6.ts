import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { largestFixture } from "../harness/fixtures/fixture-files.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { describeFinal, replyOrNone } from "../harness/ftp/final-reply.js";
import { parseEpsvReply } from "../harness/ftp/parse-epsv.js";
import { parsePasvReply } from "../harness/ftp/parse-pasv.js";
import { listedProtocols } from "../harness/ftp/parse-protocol-list.js";
import { isUnsupported, UnsupportedCommand } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { activeFile, activeRetrieve, binaryActiveSession, describeActiveRun, isOk } from "./active-steps.js";
import { dataBounceRefused, dataForeignRefused } from "./data-security.js";
import { intruderSharesClientAddress, onlyOverIpv6 } from "./ipv6-steps.js";
import { afterEpsv, afterPasv, binarySession, listAt } from "./passive-steps.js";

/** The server deviates from RFC 2428 itself: nothing in its configuration changes it. */
const UPSTREAM = "a server deviation: report it upstream; IPv6 clients depend on EPSV and EPRT";

export const ipv6Epsv: CheckDefinition = {
  id: "ipv6.epsv",
  title: "Over IPv6, a download through EPSV arrives intact",
  source:
    "RFC 2428 section 3 (EPSV: the data connection uses the control connection's network protocol and address); " +
    "RFC 959 sections 3.1.1.3 and 4.1.3 (TYPE I, RETR)",
  requirement:
    "On an IPv6 control connection EPSV gets 229, its port at the control connection's address accepts the " +
    "client, and a RETR in binary mode arrives with a matching SHA-256: EPSV is how an IPv6 client gets a passive " +
    "data connection at all (skipped when the server answers EPSV with 500/502).",
  level: "MUST",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: onlyOverIpv6,
  async run(context) {
    const file = largestFixture();
    const { fetch } = await binarySession(context, "EPSV");
    const got = await fetch(`RETR ${file.name}`);
    const expected = `229, then ${file.size} bytes with sha256 ${file.sha256} from ${context.network.control.host}`;
    const observed = `${got.bytes} bytes, sha256 ${got.sha256}`;
    if (got.sha256 === file.sha256) return pass(expected, observed);
    return fail(expected, observed, "check binary mode (TYPE I) and anything rewriting the data stream");
  },
};

export const ipv6Epsv2: CheckDefinition = {
  id: "ipv6.epsv-2",
  title: "`EPSV 2` on an IPv6 control connection gets 229",
  source: "RFC 2428 section 2 (network protocol 2 is IPv6) and section 3 (EPSV <net-prt>, 229)",
  requirement:
    "`EPSV 2`, naming the protocol of the control connection itself, gets a well-formed 229 (skipped when the " +
    "server answers a plain EPSV with 500/502).",
  level: "MUST",
  concurrency: "shared",
  notApplicable: onlyOverIpv6,
  run: (context) =>
    afterEpsv(context, "EPSV", async (_, session) => {
      const reply = await session.send("EPSV 2");
      const observed = `EPSV 2: '${replyText(reply)}'`;
      const expected = "229 Entering Extended Passive Mode (|||port|)";
      if (reply.code !== 229) return fail(expected, observed, UPSTREAM);
      const parsed = parseEpsvReply(reply.lines.join("\n"));
      if (!parsed.ok) return fail(expected, `${observed}: ${parsed.problem}`, UPSTREAM);
      return pass(expected, `${observed}: port ${parsed.port}`);
    }),
};

/** What a 522 says about the protocols the server supports, for the evidence. */
function describeRefusal(text: string): { listed: number[] | null; words: string } {
  const listed = listedProtocols(text);
  if (listed === null) {
    return {
      listed,
      words:
        "refused with 522, naming no supported protocols (section 2 asks for them in parentheses; " +
        "epsv.net-prt-list grades that list)",
    };
  }
  return { listed, words: `refused with 522, naming the protocols it supports as (${listed.join(",")})` };
}

export const ipv6EpsvOtherProtocol: CheckDefinition = {
  id: "ipv6.epsv-other-protocol",
  title: "`EPSV 1` (IPv4) on an IPv6 control connection gets 522, or a 229 the server means",
  source:
    "RFC 2428 section 3 (EPSV <net-prt>: a supported protocol SHOULD be used, an unsupported one MUST get 522) " +
    "and section 2 (the 522 text MUST name the supported protocols, e.g. (2))",
  requirement:
    "`EPSV 1` asks for IPv4 on an IPv6 control connection. A server that cannot serve IPv4 there MUST answer 522 " +
    "naming what it supports (a list leaving out 2, this connection's own protocol, is wrong); one that supports " +
    "IPv4 SHOULD listen for it and answer 229, which section 3 permits (the client then sends ABOR when it cannot " +
    "use the port). Any other reply (501, 500 while EPSV works, a malformed 229) fails. The evidence names the " +
    "choice and whether the 229 port accepts the client over IPv6 (skipped when EPSV itself gets 500/502).",
  level: "MUST",
  concurrency: "shared",
  notApplicable: onlyOverIpv6,
  run: (context) =>
    afterEpsv(context, "EPSV", async (_, session) => {
      const reply = await session.send("EPSV 1");
      const said = `EPSV 1: '${replyText(reply)}'`;
      const expected = "522 naming the supported protocols (e.g. (2)), or a 229 for an IPv4 listener";
      if (reply.code === 522) {
        const { listed, words } = describeRefusal(reply.lines.join(" "));
        if (listed !== null && !listed.includes(2)) {
          return fail(
            expected,
            `${said}: ${words}, leaving out 2, the protocol of this IPv6 connection: a client retrying with a ` +
              "listed protocol cannot be served",
            UPSTREAM,
          );
        }
        return pass(expected, `${said}: ${words}`);
      }
      if (reply.code !== 229) {
        return fail(
          expected,
          `${said}: neither 522 (protocol not supported) nor 229 (section 3 reserves 500 and 501 for syntax errors)`,
          UPSTREAM,
        );
      }
      const parsed = parseEpsvReply(reply.lines.join("\n"));
      if (!parsed.ok) return fail(expected, `${said}: ${parsed.problem}`, UPSTREAM);
      // Evidence only: a dual-stack listener serves both protocols, so a connection here decides nothing.
      const endpoint = { host: context.network.control.host, port: parsed.port };
      const probe = await context.client.request("tcp.probe", {
        ...endpoint,
        timeoutMs: context.timeouts.dataConnectMs,
      });
      const reached = describeDial(probe.outcome, context.timeouts);
      context.transcript.note(`probe of ${endpoint.host}:${endpoint.port} over IPv6: ${reached}`);
      // Section 3: a client that cannot use the port MUST send ABOR, so the server closes the listener.
      const abor = await replyOrNone(session.send("ABOR"));
      const over =
        probe.outcome === "connected"
          ? "the port accepts the client over IPv6, so the server listens with this connection's protocol too " +
            "(whether it also serves IPv4 there cannot be seen from an IPv6 client)"
          : `the port does not accept the client over IPv6 (${reached}): a listener for IPv4 alone`;
      return pass(
        expected,
        `${said}: the server says it supports IPv4 (section 3 permits 229; it SHOULD then listen for IPv4); ${over}; ` +
          `ABOR: ${describeFinal(abor)}`,
      );
    }),
};

const PASV_FIX =
  "refuse PASV on an IPv6 control connection (425 or 5xx, as Pure-FTPd does) instead of sending a 227 no IPv6 " +
  "client can use; IPv6 clients use EPSV";

export const ipv6Pasv: CheckDefinition = {
  id: "ipv6.pasv",
  title: "PASV on an IPv6 control connection is refused, or names an address the client can use",
  source:
    "RFC 2428 section 1 (PORT and PASV carry 32-bit IPv4 addresses; EPRT and EPSV replace them); RFC 959 " +
    "section 4.1.2 (the 227 names the host and port the server listens on)",
  requirement:
    "A 227 cannot name the server's IPv6 address, so on an IPv6 control connection PASV is refused (4xx/5xx), or " +
    "its 227 names an IPv4 address and port where the client connects and a LIST completes (followed only inside " +
    "the test topology). A 227 naming an unusable address (0.0.0.0, a garbled one) breaks every client that sends " +
    "PASV; no reply at all hangs it.",
  level: "SHOULD",
  concurrency: "shared",
  notApplicable: onlyOverIpv6,
  run: (context) =>
    afterPasv(context, async (reply, session) => {
      const said = `PASV: '${replyText(reply)}'`;
      const expected = "a 4xx/5xx refusal, or a 227 naming an address where the client's LIST completes";
      const refused = codeClass(reply) === 4 || codeClass(reply) === 5;
      if (refused) return pass(expected, `${said}: refused; an IPv6 client uses EPSV`);
      if (reply.code !== 227) return fail(expected, `${said}: neither a refusal nor a 227`, PASV_FIX);
      const parsed = parsePasvReply(reply.lines.join("\n"));
      if (!parsed.ok) {
        return fail(expected, `${said}: a 227 no client can read (${parsed.problem})`, PASV_FIX);
      }
      const endpoint = { host: parsed.host, port: parsed.port };
      try {
        const listed = await listAt(context, session, endpoint);
        return pass(
          expected,
          `${said}: names ${endpoint.host}:${endpoint.port}, where the client connected and LIST completed ` +
            `(${listed} bytes)`,
        );
      } catch (error) {
        if (!(error instanceof ProtocolFailure)) throw error;
        return fail(
          expected,
          `${said}: names ${endpoint.host}:${endpoint.port}, which the client cannot use: ${error.message}`,
          PASV_FIX,
        );
      }
    }),
};

export const ipv6Eprt: CheckDefinition = {
  id: "ipv6.eprt",
  title: "Over IPv6, EPRT |2| to the client works and EPRT |2| to another host is refused",
  source:
    "RFC 2428 section 2 (EPRT |2|<IPv6 address>|<port>|); RFC 959 section 3.2 (the server connects to the port " +
    "named); RFC 2577 section 3 (bounce attack: refuse a third party's address)",
  requirement:
    "`EPRT |2|<the client's IPv6 address>|<port>|` is accepted (200), the server connects to that listener and " +
    "a RETR arrives there with a matching SHA-256; `EPRT |2|<the intruder's IPv6 address>|...|` is refused and " +
    "no connection reaches the intruder (skipped when the server answers EPRT with 500/502).",
  level: "SHOULD",
  concurrency: "shared",
  activeMode: true,
  notApplicable: (scenario, target) =>
    onlyOverIpv6(scenario) ?? dataBounceRefused.notApplicable?.(scenario, target) ?? null,
  async run(context, variant) {
    const file = activeFile(context);
    const session = await binaryActiveSession(context);
    const run = await activeRetrieve(context, session, "EPRT", file);
    const { reply } = run.offer;
    if ("code" in reply && isUnsupported(reply)) throw new UnsupportedCommand(`EPRT: ${describeFinal(reply)}`);
    const own = `to the client: ${describeActiveRun(run, file)}`;
    const expected = `EPRT to the client accepted and ${file.name} delivered intact; EPRT to the intruder refused`;
    const { retr } = run;
    const delivered =
      retr?.arrival.connected && retr.read?.sha256 === file.sha256 && retr.read.outcome === "eof" && isOk(retr.final);
    if (!delivered) {
      const hint = isOk(reply)
        ? "connect to the IPv6 address and port EPRT names, from the server's side (a firewall on the server's " +
          "outbound path drops it?), and send the file intact"
        : `accept EPRT |2| naming the client's own address and a port >= 1024 (${context.target.settings.portRestricted})`;
      return fail(expected, own, hint);
    }
    const shared = intruderSharesClientAddress(context.network);
    if (shared) return inconclusive(`${shared}: the refusal of a third party's address cannot be tested (${own})`);
    const bounce = await dataBounceRefused.run(context, variant);
    const observed = `${own}; to the intruder: ${bounce.observed}`;
    if (bounce.status === "pass") return pass(expected, observed);
    if (bounce.status === "skipped") return { ...bounce, observed: `${bounce.observed} (${own})` };
    return fail(expected, observed, bounce.hint);
  },
};

export const ipv6ForeignRefused: CheckDefinition = {
  id: "ipv6.foreign-refused",
  title: "Over IPv6, a data connection to the EPSV port from another address is refused",
  source:
    "RFC 2577 section 8 (port stealing); RFC 2428 section 3 (the EPSV data connection is made to the control " +
    "connection's address)",
  requirement:
    "When another IPv6 host (the intruder) connects to the EPSV port before the client, the server refuses or " +
    "closes that connection and sends it no data (skipped when the server answers EPSV with 500/502).",
  level: "MUST",
  concurrency: "alone",
  dialsDataPort: true,
  notApplicable: (scenario, target) =>
    onlyOverIpv6(scenario) ?? dataForeignRefused.notApplicable?.(scenario, target) ?? null,
  async run(context, variant) {
    const shared = intruderSharesClientAddress(context.network);
    if (shared) return inconclusive(shared);
    return afterEpsv(context, "EPSV", async () => {
      // The attempt itself enters passive mode through EPSV, which the server offers.
      return dataForeignRefused.run(context, variant);
    });
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 50;

export const IPV6_CHECKS: readonly CheckDefinition[] = [
  ipv6Epsv,
  ipv6Epsv2,
  ipv6EpsvOtherProtocol,
  ipv6Pasv,
  ipv6Eprt,
  ipv6ForeignRefused,
];
