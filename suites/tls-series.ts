import type { DialOutcome, FtpReply } from "../harness/agent/agent-protocol.js";
import type { DataSessionOffer } from "../harness/agent/tls-protocol.js";
import { transferWait, type CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { causeOfFailedDial, type FailureCause } from "../harness/checks/failure-cause.js";
import { fail, notApplicable, pass, unsupported, type CheckOutcome } from "../harness/checks/outcome.js";
import type { SeriesTransfer, TlsSeriesEvidence } from "../harness/checks/tls-series-evidence.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { awaitFinalReply, replyOrNone, type NoFinalReply } from "../harness/ftp/final-reply.js";
import { parseEpsvReply } from "../harness/ftp/parse-epsv.js";
import { parsePasvReply } from "../harness/ftp/parse-pasv.js";
import type { PassiveMode } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { dataHandshake } from "../harness/ftp/tls-control.js";
import { describeHandshake } from "../harness/ftp/tls-evidence.js";
import { versionOfVariant, versionWords } from "../harness/ftp/tls-versions.js";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { ipv6 } from "./active-steps.js";
import { acceptWait } from "./passive-steps.js";
import {
  dataUnderTlsNotApplicable,
  protectedBinarySession,
  targetCa,
  underVersion,
  withTlsSessions,
} from "./tls-steps.js";

/** One transfer of the series: the passive command and the transfer command. */
interface SeriesStep {
  passive: PassiveMode;
  command: "RETR" | "STOR";
}

/**
 * The series: each direction through each passive command, twice over (8 transfers, each on its own
 * data connection). Each upload is read back by the next download, so every transfer is checked by
 * SHA-256: the download against what the upload sent.
 */
export const SERIES: readonly SeriesStep[] = [1, 2].flatMap(() => [
  { passive: "PASV", command: "STOR" },
  { passive: "EPSV", command: "RETR" },
  { passive: "EPSV", command: "STOR" },
  { passive: "PASV", command: "RETR" },
]);

/**
 * What each upload sends: as many bytes as the smallest non-empty fixture (1 B), to keep the series
 * cheap (it runs in every TLS pair) while a transfer that moved nothing cannot pass for intact.
 */
const UPLOAD_BYTES = Math.min(...fixtureFiles().flatMap((file) => (file.size > 0 ? [file.size] : [])));

/** The clients a series that stops breaks, by the kind of resumption, for the hint. */
const BROKEN_CLIENTS: Record<Resumption, string> = {
  same:
    "clients that offer the control connection's TLS session on every data connection (curl, lftp, basic-ftp) " +
    "fail their later transfers (curl/curl#4654, curl/curl#3002)",
  newest:
    "clients that offer each newly issued TLS 1.3 ticket fail once the tickets are used up (Cyberduck's 2026 fix " +
    "for vsftpd 3.0.3 refusing later data connections, iterate-ch/cyberduck#18399)",
};

type Resumption = TlsSeriesEvidence["resumption"];

/** A variant: the TLS version and the kind of resumption, e.g. "tls1.3-newest". Pure. */
export function seriesVariant(variant: string | undefined) {
  const [version, resumption] = (variant ?? "").split("-");
  return { version: versionOfVariant(version), resumption: resumption === "newest" ? "newest" : "same" } as const;
}

const OFFER: Record<Resumption, DataSessionOffer> = { same: "control", newest: "newest" };

/** How a reply (or its absence) ended a transfer that did not complete: refused, hang or server gone. */
function stoppedBy(final: FtpReply | NoFinalReply): Pick<SeriesTransfer, "outcome" | "reply" | "detail"> {
  if ("none" in final) return { outcome: final.silent ? "hang" : "server-gone", detail: final.none };
  return { outcome: "refused", reply: { code: final.code, text: replyText(final) }, detail: `'${replyText(final)}'` };
}

/** Where the passive reply tells the client to connect, or how the passive command ended the series. */
async function passiveEndpoint(
  context: CheckContext,
  session: ControlSession,
  mode: PassiveMode,
): Promise<{ endpoint: Endpoint } | { stopped: Pick<SeriesTransfer, "outcome" | "reply" | "detail"> }> {
  const reply = await replyOrNone(session.send(mode));
  if ("none" in reply || codeClass(reply) === 4 || codeClass(reply) === 5) {
    const stopped = stoppedBy(reply);
    return { stopped: { ...stopped, detail: `${mode}: ${stopped.detail}` } };
  }
  const text = reply.lines.join("\n");
  const parsed = mode === "PASV" ? parsePasvReply(text) : parseEpsvReply(text);
  if (!parsed.ok) throw new ProtocolFailure(`${mode} got '${replyText(reply)}': ${parsed.problem}`);
  const host = "host" in parsed ? parsed.host : context.network.control.host;
  return { endpoint: { host, port: parsed.port } };
}

/** What the series carries from one transfer to the next: the data connections' handles, the last upload. */
interface SeriesState {
  /** Data connection handle -> its transfer's number, to tell whose TLS session each connection offered. */
  origins: Map<string, number>;
  /** The last upload's name and SHA-256, for the next download to read back. */
  uploaded?: { name: string; sha256: string };
  /** A data connection that could not be opened: where, and what the dial met (for its cause). */
  failedDial?: { endpoint: Endpoint; outcome: DialOutcome };
  /** The series stopped at a passive command (PASV or EPSV), not at a transfer. */
  stoppedAtPassive?: boolean;
}

/** What moved over a data connection: an upload's bytes (written, then the stream ended), or a download read to its end. */
async function moveData(context: CheckContext, data: string, upload?: { size: number; seed: number }) {
  if (upload) {
    const written = await context.client.request("data.write", { data, size: upload.size, seed: upload.seed });
    return { bytes: written.bytes, sha256: written.sha256, hung: false, reset: false };
  }
  const read = await context.client.request("data.read", { data, timeoutMs: context.timeouts.transferMs });
  return {
    bytes: read.bytes,
    sha256: read.sha256,
    hung: read.outcome === "timeout",
    reset: read.outcome === "reset" || read.outcome === "error",
  };
}

/** One transfer of the series on its own TLS data connection, offering the session `offer` picks. */
async function seriesTransfer(
  context: CheckContext,
  session: ControlSession,
  step: SeriesStep,
  number: number,
  offer: DataSessionOffer,
  state: SeriesState,
  variant: string,
): Promise<SeriesTransfer> {
  const base = { number, passive: step.passive, command: step.command };
  const entered = await passiveEndpoint(context, session, step.passive);
  if ("stopped" in entered) {
    state.stoppedAtPassive = true;
    return { ...base, offeredFrom: null, resumed: null, ...entered.stopped };
  }
  const { endpoint } = entered;
  const ca = targetCa(context);
  const dialled = await context.client.request("data.connect-tls", {
    ...endpoint,
    ca: ca.pem,
    resume: session.handle,
    offer,
    timeoutMs: context.timeouts.dataConnectMs,
  });
  const offeredFrom = dialled.offeredFrom === undefined ? null : (state.origins.get(dialled.offeredFrom) ?? 0);
  const offered =
    offeredFrom === null ? "no session" : offeredFrom === 0 ? "the control connection's" : `transfer ${offeredFrom}'s`;
  context.transcript.note(
    `transfer ${number}: data connection under TLS to ${endpoint.host}:${endpoint.port}: ` +
      `${describeDial(dialled.outcome, context.timeouts)}, offering ${offered} TLS session`,
  );
  const { data } = dialled;
  if (!data) {
    state.failedDial = { endpoint, outcome: dialled.outcome };
    return {
      ...base,
      offeredFrom,
      resumed: null,
      outcome: "not-connected",
      detail: `the data connection to ${endpoint.host}:${endpoint.port}: ${describeDial(dialled.outcome, context.timeouts)}`,
    };
  }
  state.origins.set(data, number);
  const upload = { name: `series-${variant}-${number}.bin`, size: UPLOAD_BYTES, seed: 8000 + number };
  const download = state.uploaded;
  const command = step.command === "STOR" ? `STOR ${upload.name}` : `RETR ${download?.name ?? ""}`;
  const first = await replyOrNone(session.send(command));
  if (!("code" in first) || codeClass(first) !== 1) {
    await context.client.request("data.close", { data });
    const stopped = stoppedBy(first);
    return { ...base, offeredFrom, resumed: null, ...stopped, detail: `${command}: ${stopped.detail}` };
  }
  const moved = await moveData(context, data, step.command === "STOR" ? upload : undefined);
  const tls = await dataHandshake(context.client, data, context.transcript, context.timeouts.dataConnectMs, ca);
  const final = await awaitFinalReply(
    session,
    first,
    command,
    moved.hung ? acceptWait(context) : transferWait(context.timeouts),
  );
  await context.client.request("data.close", { data });
  const secured = tls.outcome === "secured";
  const shaken = {
    offeredFrom,
    resumed: secured ? tls.resumed === true : null,
    ...(secured && tls.protocol ? { protocol: tls.protocol } : {}),
  };
  const handshake = `data TLS: ${describeHandshake(tls, ca.name)}`;
  if (!("code" in final) || codeClass(final) !== 2) {
    const stopped = stoppedBy(final);
    // The server's word first (a refusal, its session gone), then what the data connection met.
    const outcome = stopped.outcome !== "hang" ? stopped.outcome : !secured || moved.reset ? "reset" : "hang";
    return { ...base, ...shaken, ...stopped, outcome, detail: `${command}: ${stopped.detail}; ${handshake}` };
  }
  const reply = { code: final.code, text: replyText(final) };
  if (moved.hung) {
    return { ...base, ...shaken, outcome: "hang", reply, detail: `${command}: the data connection hung; ${handshake}` };
  }
  if (step.command === "STOR") {
    state.uploaded = { name: upload.name, sha256: moved.sha256 ?? "" };
    return { ...base, ...shaken, outcome: "intact", reply, detail: `${command}: ${moved.bytes} B, '${reply.text}'` };
  }
  const intact = download !== undefined && moved.sha256 === download.sha256;
  return {
    ...base,
    ...shaken,
    outcome: intact ? "intact" : moved.reset ? "reset" : "altered",
    reply,
    detail:
      `${command}: ${moved.bytes} B, sha256 ${moved.sha256 ?? "-"}` +
      (intact ? ", as uploaded" : `, not the ${download?.sha256 ?? "-"} uploaded`) +
      `, '${reply.text}'`,
  };
}

/** A transfer of the series in a few words, for the observed text. */
const inWords = (transfer: SeriesTransfer): string => {
  const resumed = transfer.resumed === null ? "" : transfer.resumed ? ", resumed" : ", not resumed";
  const from =
    transfer.offeredFrom === null ? "" : transfer.offeredFrom === 0 ? " (control's)" : ` (${transfer.offeredFrom}'s)`;
  return `${transfer.number} ${transfer.passive} ${transfer.command} ${transfer.outcome}${resumed}${resumed ? from : ""}`;
};

/** Why the series stopped at `stop`, in words: the transfer, how, and what came before. */
function stopWords(series: TlsSeriesEvidence, stop: SeriesTransfer): string {
  return (
    `transfer ${stop.number} of ${series.planned} (${stop.passive} ${stop.command}) ${stop.outcome}: ${stop.detail}, ` +
    `after ${series.accepted} accepted`
  );
}

export const tlsSeries: CheckDefinition = {
  id: "tls.series",
  title:
    "A TLS session's series of data connections is accepted to the end, at each TLS version and kind of resumption",
  source:
    "RFC 4217 sections 7 and 10 (data connections under TLS, resuming the control connection's session); " +
    "RFC 959 section 3.2 (a data connection per transfer); RFC 8446 section 4.6.1 and appendix C.4 (tickets, " +
    "their reuse by clients); RFC 5246 and RFC 5077 (TLS 1.2 session resumption)",
  requirement:
    "In one session under TLS (AUTH TLS, PBSZ 0, PROT P), 8 transfers (STOR and RETR through PASV and EPSV, each " +
    "upload read back with its SHA-256) on 8 TLS data connections all complete, whether the client offers the " +
    "control connection's TLS session on every data connection (same) or the newest session or ticket the server " +
    "issued (newest), at each current TLS version: a server that accepted the first data connections accepts the " +
    "later ones resumed the same way, never refusing, resetting or leaving one hanging. A server that refuses a " +
    "kind of resumption from the first data connection while it accepts a fresh TLS session has a policy " +
    "(tls.session-reuse reports it): the series does not apply. Over IPv6 every transfer goes through EPSV.",
  level: "MUST",
  concurrency: "shared",
  variants: ["tls1.2-same", "tls1.2-newest", "tls1.3-same", "tls1.3-newest"],
  dialsDataPort: true,
  notApplicable: dataUnderTlsNotApplicable,
  async run(context, variant) {
    const { version, resumption } = seriesVariant(variant);
    const steps = ipv6(context.scenario) ? SERIES.map((step) => ({ ...step, passive: "EPSV" as const })) : SERIES;
    const expected = `${steps.length} transfers intact in one TLS session, offering ${resumption === "same" ? "the control connection's session every time" : "the newest session issued"}`;
    return underVersion(context, version, expected, () =>
      withTlsSessions(context, async (open) => {
        const { session } = await protectedBinarySession(open, version);
        const series: TlsSeriesEvidence = {
          version: version ?? "TLS",
          resumption,
          planned: steps.length,
          transfers: [],
          accepted: 0,
        };
        const state: SeriesState = { origins: new Map() };
        for (const [index, step] of steps.entries()) {
          const transfer = await seriesTransfer(
            context,
            session,
            step,
            index + 1,
            OFFER[resumption],
            state,
            variant ?? "series",
          );
          series.transfers.push(transfer);
          if (transfer.outcome !== "intact") {
            series.stoppedAt = transfer.number;
            break;
          }
          series.accepted += 1;
        }
        const versionText = version ? versionWords(version) : "TLS";
        return judgeSeries(context, session, { series, state, expected, versionText, first: steps[0] });
      }),
    );
  },
};

/** The verdict on a series: all intact; a policy from the first data connection; or where and how it stopped. */
async function judgeSeries(
  context: CheckContext,
  session: ControlSession,
  run: { series: TlsSeriesEvidence; state: SeriesState; expected: string; versionText: string; first?: SeriesStep },
): Promise<CheckOutcome> {
  const { series, state, expected, versionText } = run;
  const words = series.transfers.map(inWords).join("; ");
  const stop = series.transfers.find((transfer) => transfer.outcome !== "intact");
  if (!stop) {
    return { ...pass(expected, `${versionText}, ${series.resumption}: ${words}`), tlsSeries: series };
  }
  if (state.stoppedAtPassive && stop.passive === "EPSV" && (stop.reply?.code === 500 || stop.reply?.code === 502)) {
    return { ...unsupported(`EPSV: ${stop.reply.text} (the series goes through PASV and EPSV)`), tlsSeries: series };
  }
  if (stop.number === 1 && stop.outcome === "refused" && !state.stoppedAtPassive && run.first) {
    const policy = await freshAccepted(context, session, run.first.passive);
    if (policy) {
      return {
        ...notApplicable(
          `the server refuses the first data connection resuming the control connection's TLS session ` +
            `(${stop.detail}) and accepts one with a fresh TLS session (${policy}): a policy about resumption, ` +
            `not a series that stops (tls.session-reuse reports it)`,
        ),
        tlsSeries: series,
      };
    }
  }
  const setting = context.target.tls?.hints.sessionReuse;
  // A dial the network explains (an address or port the client cannot reach) is that cause, wherever it
  // came; else a series that stopped after accepting some is the series' own.
  const dialCause =
    state.failedDial && causeOfFailedDial(state.failedDial.endpoint, state.failedDial.outcome, context.network);
  const cause: FailureCause | undefined =
    dialCause ?? (stop.number > 1 ? { kind: "tls-series-stopped", detail: stopWords(series, stop) } : undefined);
  return {
    ...fail(
      expected,
      `${versionText}, ${series.resumption}: ${words}; stopped at ${stopWords(series, stop)}`,
      `accept every data connection of a session that resumes as the earlier ones did` +
        (setting ? ` (${setting})` : "") +
        `: ${BROKEN_CLIENTS[series.resumption]}`,
      cause,
    ),
    tlsSeries: series,
  };
}

/**
 * Whether the server accepts a data connection offering no TLS session, after refusing the first
 * resumed one: then that refusal is about resumption. A LIST through the same passive command; its
 * reply in words when accepted, else undefined.
 */
async function freshAccepted(context: CheckContext, session: ControlSession, mode: PassiveMode) {
  const entered = await passiveEndpoint(context, session, mode);
  if ("stopped" in entered) return undefined;
  const ca = targetCa(context);
  const dialled = await context.client.request("data.connect-tls", {
    ...entered.endpoint,
    ca: ca.pem,
    resume: null,
    timeoutMs: context.timeouts.dataConnectMs,
  });
  if (!dialled.data) return undefined;
  const first = await replyOrNone(session.send("LIST"));
  if (!("code" in first) || codeClass(first) !== 1) {
    await context.client.request("data.close", { data: dialled.data });
    return undefined;
  }
  await context.client.request("data.read", { data: dialled.data, timeoutMs: context.timeouts.transferMs });
  const final = await awaitFinalReply(session, first, "LIST", transferWait(context.timeouts));
  await context.client.request("data.close", { data: dialled.data });
  return "code" in final && codeClass(final) === 2 ? `LIST with a fresh session: '${replyText(final)}'` : undefined;
}

/** Where this file's checks come in a run (suites/catalogue.ts): after tls.close-notify. */
export const SUITE_ORDER = 122;

export const TLS_SERIES_CHECKS: readonly CheckDefinition[] = [tlsSeries];
