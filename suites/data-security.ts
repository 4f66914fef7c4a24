import type { CheckContext } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { largestFixture } from "../harness/fixtures/fixture-files.js";
import { eprtArgument, portArgument } from "../harness/ftp/active-arguments.js";
import type { ControlSession } from "../harness/ftp/control-session.js";
import { describeDial } from "../harness/ftp/data-connection.js";
import { enterAnyPassive } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import type { FtpReply } from "../harness/agent/agent-protocol.js";

/**
 * The opening both intruder checks share: a logged-in binary session, a passive endpoint, and the
 * intruder dialling it before the client does. `data` is the intruder's handle, if it got in.
 */
async function intruderConnectsFirst(context: CheckContext) {
  const file = largestFixture();
  const session = await context.openLoggedIn();
  await session.send("TYPE I");
  const { endpoint, mode } = await enterAnyPassive(session, context.network.control.host);
  const result = await context.intruder.request("data.connect", {
    ...endpoint,
    timeoutMs: context.timeouts.dataConnectMs,
  });
  const text = describeDial(result.outcome, context.timeouts.dataConnectMs);
  context.transcript.note(
    `intruder ${context.network.intruderAddress} -> ${endpoint.host}:${endpoint.port} (${mode}): ${text}`,
  );
  return { file, session, endpoint, data: result.data, text };
}

/** Reads replies until one is not 1xx (the end of a transfer command), bounded. */
async function finalReply(
  session: ControlSession,
  first: FtpReply,
  command: string,
  timeoutMs: number,
): Promise<FtpReply> {
  let reply = first;
  while (codeClass(reply) === 1) reply = await session.read(command, timeoutMs);
  return reply;
}

export const dataForeignRefused: CheckDefinition = {
  id: "data.foreign-refused",
  title: "A data connection from another address is refused",
  source: "RFC 2577 section 8 (port stealing); vsftpd.conf(5) pasv_promiscuous; ProFTPD AllowForeignAddress",
  requirement:
    "When another host (the intruder) connects to the advertised passive port before the client, the server " +
    "refuses or closes that connection and sends it no data.",
  level: "MUST",
  async run(context) {
    const intruder = await intruderConnectsFirst(context);
    const { file, session } = intruder;
    if (!intruder.data)
      return pass("the intruder refused or closed, no data", `the intruder's connection: ${intruder.text}`);
    const command = `RETR ${file.name}`;
    const reply = await session.send(command);
    const stolen = await context.intruder.request("data.read", {
      data: intruder.data,
      timeoutMs: context.timeouts.dataConnectMs,
    });
    context.transcript.note(`intruder received ${stolen.bytes} bytes (${stolen.outcome})`);
    await context.intruder.request("data.close", { data: intruder.data });
    const observed = `the intruder connected; ${command} got '${replyText(reply)}'; the intruder received ${stolen.bytes} bytes`;
    if (stolen.bytes === 0) return pass("the intruder refused or closed, no data", observed);
    return fail(
      "the intruder's connection refused or closed with no data",
      `${observed} of ${file.name}: the server sent a file to a host that is not the client`,
      `refuse data connections from other addresses: ${context.target.settings.foreignDataRefused}`,
    );
  },
};

export const dataClientSurvivesIntruder: CheckDefinition = {
  id: "data.client-survives-intruder",
  title: "The client's transfer survives an intruder cleanly",
  source: "RFC 2577 section 8 (port stealing); RFC 959 section 4.2 (4xx replies)",
  requirement:
    "After an intruder's attempt on the passive port, the client's transfer either completes intact or fails " +
    "cleanly with a 4xx reply; nothing hangs.",
  level: "SHOULD",
  async run(context) {
    const intruder = await intruderConnectsFirst(context);
    const { file, session } = intruder;
    const own = await context.client.request("data.connect", {
      ...intruder.endpoint,
      timeoutMs: context.timeouts.dataConnectMs,
    });
    context.transcript.note(`client data connection: ${describeDial(own.outcome, context.timeouts.dataConnectMs)}`);
    const command = `RETR ${file.name}`;
    const first = await session.send(command);
    let sha: string | null = null;
    if (codeClass(first) === 1 && own.data) {
      const read = await context.client.request("data.read", {
        data: own.data,
        timeoutMs: context.timeouts.transferMs,
      });
      if (read.outcome === "timeout")
        throw new ProtocolFailure(`${command}: the client's data connection hung after the intruder's attempt`);
      sha = read.sha256;
    }
    // Without its own connection the client waits only for the server's verdict on it (a 4xx),
    // not a whole transfer: a server that still waits for the connection will not answer sooner.
    const waitMs = own.data ? context.timeouts.transferMs : context.timeouts.replyMs;
    const last = await finalReply(session, first, command, waitMs);
    if (intruder.data) await context.intruder.request("data.close", { data: intruder.data });
    if (own.data) await context.client.request("data.close", { data: own.data });
    const observed = `${command}: '${replyText(last)}'${sha ? `, sha256 ${sha === file.sha256 ? "matches" : "differs"}` : ""}`;
    if (codeClass(last) === 4) return pass("an intact transfer or a clean 4xx", `failed cleanly: ${observed}`);
    if (codeClass(last) === 2 && sha === file.sha256)
      return pass("an intact transfer or a clean 4xx", `completed intact: ${observed}`);
    return fail("an intact transfer or a clean 4xx", observed);
  },
};

export const dataBounceRefused: CheckDefinition = {
  id: "data.bounce-refused",
  title: "PORT and EPRT naming a third party are refused",
  source: "RFC 2577 section 3 (bounce attack)",
  requirement: "PORT or EPRT naming a third-party host (the intruder) is refused, and no connection reaches it.",
  level: "SHOULD",
  async run(context) {
    const { listener, port } = await context.intruder.request("tcp.listen", {});
    const target = context.network.intruderAddress;
    const session = await context.openLoggedIn();
    const answers: string[] = [];
    let accepted = false;
    for (const [verb, argument] of [
      ["PORT", portArgument(target, port)],
      ["EPRT", eprtArgument(target, port)],
    ] as const) {
      const reply = await session.send(`${verb} ${argument}`);
      answers.push(`${verb}: '${replyText(reply)}'`);
      if (codeClass(reply) === 2) {
        accepted = true;
        // Accepted: make the server actually dial, to see whether it reaches the third party.
        const list = await session.send("LIST").catch((error: Error) => ({ code: null, lines: [error.message] }));
        await finalReply(session, list, "LIST", context.timeouts.replyMs).catch(() => undefined);
      }
    }
    const { peers } = await context.intruder.request("tcp.accepted", { listener, timeoutMs: 1000 });
    const observed = `${answers.join("; ")}; connections reaching the intruder: ${peers.length === 0 ? "none" : peers.join(", ")}`;
    if (!accepted && peers.length === 0) return pass("both refused, nothing reaches the intruder", observed);
    return fail(
      "PORT and EPRT to the intruder refused; no connection reaches it",
      observed,
      `refuse PORT/EPRT to other hosts: ${context.target.settings.portRestricted}`,
    );
  },
};

export const dataPrivilegedPortRefused: CheckDefinition = {
  id: "data.privileged-port-refused",
  title: "PORT to a privileged port is refused",
  source: "RFC 2577 section 3",
  requirement: "PORT naming a port below 1024 (even on the client's own address) is refused.",
  level: "ADVISORY",
  async run(context) {
    const session = await context.openLoggedIn();
    const reply = await session.send(`PORT ${portArgument(context.network.clientAddress, 80)}`);
    if (codeClass(reply) !== 2) return pass("refused", replyText(reply));
    return fail(
      "PORT to port 80 refused",
      `accepted: '${replyText(reply)}'`,
      `refuse PORT to ports below 1024: ${context.target.settings.portRestricted}`,
    );
  },
};

export const DATA_SECURITY_CHECKS: readonly CheckDefinition[] = [
  dataForeignRefused,
  dataClientSurvivesIntruder,
  dataBounceRefused,
  dataPrivilegedPortRefused,
];
