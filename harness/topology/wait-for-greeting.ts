import type { AgentConnection } from "../agent/agent-connection.js";
import type { ServerHealth } from "./network-facts.js";
import type { Endpoint } from "../ftp/endpoint.js";
import { sleep } from "../util/deadline.js";

/** The server never greeted; `refused` when its control port refused every attempt. */
export class NoGreeting extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/**
 * Waits, from the client host, until the server greets on its control port. Gives up at once when
 * the server has exited (with its log), and after `timeoutMs` otherwise.
 */
export async function waitForGreeting(
  client: AgentConnection,
  control: Endpoint,
  health: () => Promise<ServerHealth>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let refusedOnly = true;
  while (Date.now() < deadline) {
    const opened = await client.request("ctl.open", { ...control, timeoutMs: 2000 });
    if (opened.session) await client.request("ctl.close", { session: opened.session });
    if (opened.reply?.code === 220) return;
    if (opened.outcome !== "refused") refusedOnly = false;
    last = opened.reply
      ? opened.reply.lines.join(" ")
      : `${opened.outcome}${opened.failure ? ` (${opened.failure})` : ""}`;
    const state = await health();
    if (!state.running) throw new Error(`the server exited with code ${state.exitCode}:\n${state.logTail}`);
    await sleep(250);
  }
  throw new NoGreeting(
    `the server did not greet on ${control.host}:${control.port} within ${timeoutMs / 1000} s (last: ${last})`,
    refusedOnly,
  );
}
