import { spawn } from "node:child_process";
import { AgentConnection } from "../agent/agent-connection.js";
import { agentScriptPath } from "../paths.js";

/**
 * The same agent the client container runs, as a child process on this host, allowed to dial
 * loopback only: the self-tests drive checks against fake servers through it.
 */
export function startLocalAgent(allow = "127.0.0.0/8"): AgentConnection {
  const child = spawn(process.execPath, [agentScriptPath(), "--allow", allow], { stdio: ["pipe", "pipe", "inherit"] });
  return new AgentConnection("local", child.stdin, child.stdout, () => child.kill());
}
