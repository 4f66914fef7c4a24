import type { AgentConnection } from "../agent/agent-connection.js";
import type { FtpReply } from "../agent/agent-protocol.js";
import { formatSeconds } from "../util/deadline.js";
import { activeCommandLine, type ActiveCommand } from "./active-arguments.js";
import type { ControlSession } from "./control-session.js";
import type { Endpoint } from "./endpoint.js";
import { replyOrNone, type NoFinalReply } from "./final-reply.js";
import type { Transcript } from "./transcript.js";

/** A PORT/EPRT sent: where the client listens, and what the server answered (not judged here). */
export interface ActiveOffer {
  command: ActiveCommand;
  /** The listener on the client host, as the command names it. */
  endpoint: Endpoint;
  /** The client address's subnet as its interface declares it; null when unknown. */
  subnet: string | null;
  /** The agent's handle of the listener. */
  listener: string;
  reply: FtpReply | NoFinalReply;
  /** Under PROT P: the client's TLS handshake on the arriving connection, offering the session's TLS session. */
  tls?: { ca: string; resume: string };
}

/**
 * Listens on the client host's own address (as a client does, the address its control connection
 * comes from) and sends PORT or EPRT naming that listener. A server that answers only once it has
 * connected (pyftpdlib) finds the listener already open.
 */
export async function offerActive(
  session: ControlSession,
  agent: AgentConnection,
  command: ActiveCommand,
  transcript: Transcript,
  family: "4" | "6" = "4",
): Promise<ActiveOffer> {
  const listening = await agent.request("data.listen", { family });
  const endpoint = { host: listening.address, port: listening.port };
  transcript.note(`client listens on ${endpoint.host}:${endpoint.port} for the server's data connection`);
  const reply = await replyOrNone(session.send(activeCommandLine(command, endpoint.host, endpoint.port)));
  const ca = session.dataProtection;
  const tls = ca ? { tls: { ca: ca.pem, resume: session.handle } } : {};
  return { command, endpoint, subnet: listening.subnet, listener: listening.listener, reply, ...tls };
}

/** What reached the client's listener: the server's data connection and where it came from, or nothing. */
export type ActiveArrival =
  { connected: true; data: string; peer: Endpoint; elapsedMs: number } | { connected: false; elapsedMs: number };

/** Waits up to `timeoutMs` for the data connection an offer asked for; the listener closes either way. */
export async function awaitActiveConnection(
  agent: AgentConnection,
  offer: ActiveOffer,
  transcript: Transcript,
  timeoutMs: number,
): Promise<ActiveArrival> {
  const accepted = await agent.request("data.accept", {
    listener: offer.listener,
    timeoutMs,
    ...(offer.tls ? { tls: offer.tls } : {}),
  });
  const { host, port } = offer.endpoint;
  if (accepted.outcome === "connected" && accepted.data) {
    const peer = { host: accepted.peerAddress ?? "?", port: accepted.peerPort ?? 0 };
    transcript.note(`data connection to ${host}:${port} from ${peer.host}:${peer.port} (${accepted.elapsedMs} ms)`);
    return { connected: true, data: accepted.data, peer, elapsedMs: accepted.elapsedMs };
  }
  transcript.note(`no data connection reached ${host}:${port} within ${formatSeconds(timeoutMs)}`);
  return { connected: false, elapsedMs: accepted.elapsedMs };
}

/** Closes a listener nobody will wait on (the server refused the PORT/EPRT), and whatever reached it. */
export async function withdrawActive(agent: AgentConnection, offer: ActiveOffer): Promise<void> {
  const accepted = await agent.request("data.accept", { listener: offer.listener, timeoutMs: 1 });
  if (accepted.data) await agent.request("data.close", { data: accepted.data });
}
