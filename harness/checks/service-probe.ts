import { inPortRange, publicPortOf } from "../topology/network-facts.js";
import type { ControlSession } from "../ftp/control-session.js";
import { openLoggedInSession } from "./logged-in-session.js";
import { dataMissesControlPeer } from "../topology/scenario.js";
import type { Endpoint } from "../ftp/endpoint.js";
import { connectData, download } from "../ftp/data-connection.js";
import { enterPassive, UnsupportedCommand, type PassiveMode } from "../ftp/passive-mode.js";
import { LoginRefused, NoReply, ProtocolFailure } from "../ftp/protocol-failure.js";
import { Transcript, type TranscriptEntry } from "../ftp/transcript.js";
import type { SuiteEnvironment } from "./suite-environment.js";
import { dialWait, transferWait } from "./check-context.js";

/** How often a probe asks again for a port inside the forwarded window before it gives up on one. */
const WINDOW_ATTEMPTS = 8;

export type ProbeStep = "server" | "greeting" | "login" | PassiveMode;

export type ServiceState =
  | { healthy: true; transcript: TranscriptEntry[] }
  | {
      healthy: false;
      /** Which step broke: the same step broken again is the same root cause. */
      step: ProbeStep;
      /** What no longer works, in words: the root cause a report names once. */
      description: string;
      /** The server stopped answering (or exited): checks after this are skipped, not run into timeouts. */
      stalled: boolean;
      /** When it stopped answering: the command whose reply never came, or "the greeting". */
      awaiting?: string;
      /** The login itself was refused: the target's credentials are wrong. */
      loginRefused: boolean;
      transcript: TranscriptEntry[];
    };

/**
 * Does the server still do what every check needs: greet, log in, and serve a LIST over PASV (and
 * over EPSV where offered; over IPv6, EPSV alone)? Run before the first check (the preflight) and after a failing one, so
 * that a failure caused by a broken server is named once, as its root cause. Data connections go
 * to the control host at the advertised port, so a misadvertised 227 (which some scenarios exist
 * to show) is not mistaken for a broken server; behind a partial firewall it asks again for a port
 * the gateway forwards, behind a gateway that forwards the range under other numbers it dials the number
 * outside, and behind a gateway that forwards none it asks for the passive reply alone.
      if (unpaired) {
        transcript.note(`${mode} answered: the data connection is not dialled (${unpaired})`);
        continue;
      }
 */
export async function probeService(environment: SuiteEnvironment): Promise<ServiceState> {
  const transcript = new Transcript();
  let step: ProbeStep = "server";
  const unpaired = dataMissesControlPeer(environment.scenario);
  const noDataStep = unpaired ? `; the probe dials no data connection here: ${unpaired}` : "";
  const broken = (description: string, error?: unknown): Extract<ServiceState, { healthy: false }> => ({
    healthy: false,
    step,
    description:
      (step === "PASV" || step === "EPSV" ? `${step}: ${description}` : description) +
      (step === "server" ? "" : noDataStep),
    stalled: error instanceof NoReply,
    ...(error instanceof NoReply ? { awaiting: error.awaiting } : {}),
    loginRefused: error instanceof LoginRefused,
    transcript: transcript.entries,
  });
  const health = await environment.serverHealth();
  if (!health.running) {
    return { ...broken(`the server exited (code ${health.exitCode})`), stalled: true };
  }
  const { client, timeouts } = environment;
  let session: ControlSession | undefined;
  try {
    step = "greeting";
    session = await openLoggedInSession(environment, transcript, (opened) => {
      session = opened;
      step = "login";
    });
    // PASV cannot name an IPv6 address (RFC 2428 section 1): over IPv6 the listing comes over EPSV alone.
    const modes: readonly PassiveMode[] = environment.scenario.family === "ipv6" ? ["EPSV"] : ["PASV", "EPSV"];
    for (const mode of modes) {
      step = mode;
      const endpoint = await forwardedEndpoint(environment, session, mode);
      // Where the gateway forwards no data port and runs no helper (nat-no-helper) no listing can
      // come from the client's side at all: the passive reply is what is left to probe.
      if (!endpoint || environment.network.dataPortsClosedAtGateway) continue;
      if (unpaired) {
        transcript.note(`${mode} answered: the data connection is not dialled (${unpaired})`);
        continue;
      }
      const data = await connectData(client, endpoint, transcript, dialWait(timeouts), { session });
      await download(session, client, data, "LIST", transcript, transferWait(timeouts));
    }
    return { healthy: true, transcript: transcript.entries };
  } catch (error) {
    if (!(error instanceof ProtocolFailure)) throw error;
    return broken(error.message, error);
  } finally {
    await session?.close();
  }
}

/**
 * The control host at an advertised port the gateway forwards (where it forwards the range under other
 * numbers, the number outside that leads to it: the shift is the gateway's, not the server's); null when
 * EPSV is not offered or no such port came.
 */
async function forwardedEndpoint(
  environment: SuiteEnvironment,
  session: ControlSession,
  mode: PassiveMode,
): Promise<Endpoint | null> {
  const window = environment.network.forwardedPorts;
  for (let attempt = 0; attempt < WINDOW_ATTEMPTS; attempt++) {
    let advertised: Endpoint;
    try {
      advertised = await enterPassive(session, mode, environment.network.control.host);
    } catch (error) {
      if (error instanceof UnsupportedCommand) return null;
      throw error;
    }
    const endpoint = {
      host: environment.network.control.host,
      port: publicPortOf(advertised.port, environment.network),
    };
    if (!window || inPortRange(endpoint.port, window)) return endpoint;
  }
  return null;
}
