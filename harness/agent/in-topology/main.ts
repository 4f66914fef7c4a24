/**
 * The in-topology probe agent's entry point. Runs in the agents' host (Debian's nodejs 18; this file
 * is bundled with its imports into one CommonJS file, see harness/images/in-image-programs.ts) and
 * as a child process for the harness's self-tests. Speaks JSON lines on stdin/stdout
 * (harness/agent/agent-protocol.ts). One long-lived process serves every check, so a protocol step
 * costs one line each way, not a container start or a docker exec.
 *
 * The one process speaks for the client and, given --bind-intruder, for the intruder too: one Agent
 * each, with its own handles and its own address to dial from and listen on, answering the requests
 * that name it (`as`; the client's name none). An address is only used when a request dials or
 * listens, so it may be added to the host after the agent starts (the intruder's is).
 *
 * Usage: node agent.cjs [--allow CIDR,CIDR...] [--bind ADDRESS] [--bind-intruder ADDRESS] [--clients DIR]
 */
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { parseRequest, type AgentHost } from "../agent-protocol.js";
import { Agent } from "./agent.js";
import { AllowList } from "./allow-list.js";

function option(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function main(argv: readonly string[]): void {
  let allowed: AllowList;
  try {
    allowed = AllowList.parse((option(argv, "--allow") ?? "").split(",").filter(Boolean));
  } catch (error) {
    process.stderr.write(`agent: ${(error as Error).message}\n`);
    process.exit(2);
  }
  // The wrappers sit beside the agent in the image (/opt/ftp-conformance/clients).
  const clientsDir = option(argv, "--clients") ?? join(dirname(process.argv[1] ?? "."), "clients");
  const intruderAddress = option(argv, "--bind-intruder");
  const agents = new Map<AgentHost, Agent>([
    ["client", new Agent({ allowed, bindAddress: option(argv, "--bind"), clientsDir })],
    ...(intruderAddress
      ? [["intruder", new Agent({ allowed, bindAddress: intruderAddress, clientsDir })] as const]
      : []),
  ]);
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    const parsed = parseRequest(line);
    if (!("request" in parsed)) {
      reply({ id: parsed.id, ok: false, error: parsed.error });
      return;
    }
    const { id, as } = parsed.request;
    const agent = agents.get(as);
    if (!agent) {
      reply({ id, ok: false, error: `this agent does not speak for the ${as} (started without --bind-${as})` });
      return;
    }
    agent.handle(parsed.request).then(
      (result) => reply({ id, ok: true, ...result }),
      (error: unknown) => reply({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  lines.on("close", () => process.exit(0));
}

main(process.argv.slice(2));
