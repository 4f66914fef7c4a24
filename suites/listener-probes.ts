import type { CheckContext } from "../harness/checks/check-context.js";
import type { Endpoint } from "../harness/ftp/endpoint.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { enterListener } from "../harness/ftp/passive-mode.js";
import { sleep } from "../harness/util/deadline.js";

/** Between two probes of a listener that still accepts. */
const POLL_INTERVAL_MS = 100;

export interface ListenerState {
  /** The listener stopped accepting within the bound. */
  closed: boolean;
  /** The last probe's outcome, in words. */
  last: string;
  /** When it was first seen closed (or how long it was polled), from the first probe. */
  afterMs: number;
  /** Probes that connected (a listener that closes after one connection closes on the first). */
  accepted: number;
}

/**
 * Probes `endpoint` from the client until it stops accepting or `boundMs` passes. A server may
 * answer before it has closed its socket (vsftpd's 425 came 1 ms before the close), so one probe
 * right after a reply races it: the listener is judged over the whole bound.
 */
export async function pollUntilClosed(
  context: CheckContext,
  endpoint: Endpoint,
  boundMs: number,
): Promise<ListenerState> {
  const started = Date.now();
  const timeoutMs = context.timeouts.dataConnectMs;
  for (let accepted = 0; ; accepted++) {
    const probe = await context.client.request("tcp.probe", { ...endpoint, timeoutMs });
    const afterMs = Date.now() - started;
    if (probe.outcome !== "connected")
      return { closed: true, last: describeDial(probe.outcome, context.timeouts), afterMs, accepted };
    if (afterMs >= boundMs) return { closed: false, last: "connected", afterMs, accepted: accepted + 1 };
    await sleep(POLL_INTERVAL_MS);
  }
}

/**
 * The precondition of a "this listener closed" verdict: an advertised port of a fresh session
 * accepts the client, so a closed port means a closed listener, not a port that never listened.
 * Returns null when it does, else why the stimulus could not have happened (an inconclusive reason).
 */
export async function advertisedPortsUnusable(context: CheckContext): Promise<string | null> {
  const session = await context.openLoggedIn();
  const { endpoint, mode } = await enterListener(session, context.network.control.host);
  const probe = await context.client.request("tcp.probe", { ...endpoint, timeoutMs: context.timeouts.dataConnectMs });
  const text = describeDial(probe.outcome, context.timeouts);
  context.transcript.note(`control probe of a fresh ${mode} listener ${endpoint.host}:${endpoint.port}: ${text}`);
  await session.close();
  if (probe.outcome === "connected") return null;
  return `a fresh ${mode} port (${endpoint.host}:${endpoint.port}) does not accept the client either (${text}), so a closed listener proves nothing`;
}
