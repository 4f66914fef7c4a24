import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AgentConnection } from "../agent/agent-connection.js";
import type { AgentOp, DialOutcome } from "../agent/agent-protocol.js";
import { AGENT_PROGRAM } from "../images/in-image-programs.js";
import { dockerContextDir } from "../paths.js";
import { bundledProgram } from "./bundled-program.js";

/** The client and the intruder, as a topology has them: two connections to one local agent process. */
export interface LocalAgents {
  client: AgentConnection;
  intruder: AgentConnection;
  close(): void;
}

/** The client (at the system's choice, 127.0.0.1) and the intruder (127.0.0.2): one agent process for both. */
export function startLocalAgents(): LocalAgents {
  return startLocalPair(undefined, INTRUDER_ADDRESS);
}

export const INTRUDER_ADDRESS = "127.0.0.2";

/** The IPv6 loopback address: loopback has no second one, so the IPv6 intruder shares it with the client. */
export const IPV6_LOOPBACK = "::1";

/**
 * The client and the intruder on ::1, for IPv6 self-tests: both at one address, so no server can tell
 * them apart by address, and the intruder checks say so (inconclusive) rather than pass or fail.
 */
export function startLocalIpv6Agents(): LocalAgents {
  return startLocalPair(IPV6_LOOPBACK, IPV6_LOOPBACK);
}

/** The client on ::1 and the intruder at 127.0.0.2: an intruder a server can tell apart by address over IPv6 too. */
export function startLocalAgentsApart(): LocalAgents {
  return startLocalPair(IPV6_LOOPBACK, INTRUDER_ADDRESS);
}

/**
 * The same agent the client container runs, as a child process on this host, allowed to dial
 * loopback only (127.0.0.0/8 and ::1): the self-tests drive checks against fake servers through it.
 * It speaks for one host, from `bind` when given (a loopback address of its own); the client and the
 * intruder together are startLocalAgents's.
 */
export function startLocalAgent(bind?: string): AgentConnection {
  return spawnLocalAgent("local", bind ? ["--bind", bind] : []);
}

/**
 * The client at `clientBind` (the system's choice when undefined) and the intruder at `intruderBind`,
 * as the agents' host of a topology has them: one agent process speaking for both.
 */
function startLocalPair(clientBind: string | undefined, intruderBind: string): LocalAgents {
  const client = spawnLocalAgent("local client", [
    ...(clientBind ? ["--bind", clientBind] : []),
    ...["--bind-intruder", intruderBind],
  ]);
  const intruder = client.forHost("intruder", "local intruder");
  return { client, intruder, close: () => [client, intruder].forEach((agent) => agent.close()) };
}

/**
 * The agent as a child process with loopback allowed, `args` added; the connection speaks for its client.
 * Its clients' temporary files go to a directory of its own (TMPDIR), removed when it is closed or exits.
 */
function spawnLocalAgent(name: string, args: string[]): AgentConnection {
  const program = [bundledProgram(AGENT_PROGRAM), "--allow", "127.0.0.0/8,::1/128", "--clients", localClientsDir()];
  const temp = mkdtempSync(join(tmpdir(), "ftpc-agent-"));
  const child = spawn(process.execPath, [...program, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
    env: { ...process.env, TMPDIR: temp },
  });
  const removeTemp = () => rmSync(temp, { recursive: true, force: true });
  child.once("exit", removeTemp);
  return AgentConnection.overStreams(name, child.stdin, child.stdout, () => {
    child.kill();
    removeTemp();
  });
}

/**
 * `agent` behind a filter that stops its data connections before they reach any server, as a gateway
 * whose FTP helper's expectation admits only the client does (or a host firewall): `data.connect` and
 * `data.connect-tls` meet `outcome` (refused by default) without dialling; every other request goes to
 * `agent`. For self-tests that a refusal by the network is never taken for the server's.
 */
export function stoppedOnTheWay(agent: AgentConnection, outcome: DialOutcome = "refused"): AgentConnection {
  const filtered = Object.create(agent) as AgentConnection;
  const stopped: ReadonlySet<AgentOp> = new Set<AgentOp>(["data.connect", "data.connect-tls"]);
  filtered.request = ((op: AgentOp, args: never) =>
    stopped.has(op)
      ? Promise.resolve({ outcome, ...(outcome === "refused" ? { detail: "ECONNREFUSED" } : {}), elapsedMs: 0 })
      : agent.request(op, args)) as AgentConnection["request"];
  return filtered;
}

let clientsCopied = false;

/**
 * The real clients' wrappers laid out as in the image: clients/ beside the agent, holding
 * docker/client/clients and the bundled wrappers.
 */
function localClientsDir(): string {
  const dir = join(dirname(bundledProgram(AGENT_PROGRAM)), "clients");
  if (!clientsCopied) {
    cpSync(join(dockerContextDir("client"), "clients"), dir, { recursive: true });
    clientsCopied = true;
  }
  return dir;
}
