import { spawn } from "node:child_process";
import { join } from "node:path";
import { AgentConnection } from "../agent/agent-connection.js";
import { AGENT_PROGRAM } from "../images/in-image-programs.js";
import { dockerContextDir } from "../paths.js";
import { bundledProgram } from "./bundled-program.js";

/** The client (127.0.0.1) and the intruder (127.0.0.2), as a topology has them. */
export interface LocalAgents {
  client: AgentConnection;
  intruder: AgentConnection;
  close(): void;
}

export function startLocalAgents(): LocalAgents {
  const client = startLocalAgent();
  const intruder = startLocalAgent(INTRUDER_ADDRESS);
  return { client, intruder, close: () => [client, intruder].forEach((agent) => agent.close()) };
}

export const INTRUDER_ADDRESS = "127.0.0.2";

/**
 * The same agent the client container runs, as a child process on this host, allowed to dial
 * loopback only: the self-tests drive checks against fake servers through it. `bind` gives it
 * its own loopback address (127.0.0.2 for the intruder), so a server can tell the two apart.
 */
export function startLocalAgent(bind?: string): AgentConnection {
  const args = [
    bundledProgram(AGENT_PROGRAM),
    "--allow",
    "127.0.0.0/8",
    "--clients",
    join(dockerContextDir("client"), "clients"),
    ...(bind ? ["--bind", bind] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  return new AgentConnection("local", child.stdin, child.stdout, () => child.kill());
}
