/**
 * The in-process fake FTP server the harness's self-tests run checks against. Only for tests: it
 * proves that each check passes a correct server and fails on the fault it is about.
 *
 * A server is a table of command handlers (verb -> handler(session, argument, next)), built in
 * layers: the correct server at the bottom (fake-server/default-handlers.ts), then handler sets,
 * each overriding the commands it is about and calling `next` for what it leaves to the set
 * beneath. What is no one command's (which data connections are accepted, how replies are worded
 * or delayed, which ports listeners take) is a set's policy (fake-server/policy.ts).
 *
 *   startFakeFtpServer({ sets: [faults.promiscuous, faults.ignoreEpsvAll] })
 *   startFakeFtpServer({ handlers: { PASV: reply("502 PASV not implemented") } })
 *   startFakeFtpServer({ handlers: { EPSV: withArgument("4", reply("229 (|||5000|)")) } })
 *   startFakeFtpServer({ sets: [quirks.multiLine, settings.portRange(40000, 40009)] })
 *
 * - `faults`: misbehaviours (promiscuous, portAny, ignoreEpsvAll, keepOldListeners, neverGiveUp,
 *   advertiseDeadPort, leakListeners, corruptDownloads, corruptUploads, stallAfterUnusedPassive,
 *   sequentialPorts(from), pasvAddress(a), pasvReply(f), epsvReply(f), sessionEndLosesNext).
 * - `quirks`: correct but unusual servers (closeForeignAndWait like Pure-FTPd,
 *   listenerClosesAfterAccept like pyftpdlib, multiLine, replyDelay(ms), listenerClosedAfterReply(ms),
 *   listenerClosedAfterEnd(ms), closeAfterQuit(ms)).
 * - `settings`: greeting, listenOn, portRange, acceptTimeout, files, listing, active, tls, pasv.
 * - handler helpers: reply(text), inTurn(texts), hang, closeControl, raw(bytes), withArgument(arg, handler),
 *   fromNth(n, verbs, handler); the
 *   correct handlers to build on: pasv({ address, reply }), epsv(reply), active(verb, rule), list(text).
 *
 * `sets` apply in order (a later set wins where two touch the same thing), then `handlers` over
 * all of them. FTPS (`settings.tls(...)`, fake-tls.ts) is a handler set for AUTH/PBSZ/PROT; active
 * mode's dialling (`settings.active(...)`, fake-active-mode.ts) is policy.
 */
import { createServer, type Server, type Socket } from "node:net";
import { listenControl } from "./fake-active-mode.js";
import { serverTls } from "./fake-tls.js";
import { correctServer } from "./fake-server/default-handlers.js";
import { composePolicy, dispatch, type HandlerSet, type HandlerTable } from "./fake-server/handlers.js";
import { DEFAULT_POLICY } from "./fake-server/policy.js";
import { FakeSession, type ServerState } from "./fake-server/session.js";

export { faults, quirks, settings } from "./fake-server/faults.js";
export { active, epsv, list, pasv, peerOnly } from "./fake-server/default-handlers.js";
export { closeControl, fromNth, hang, inTurn, raw, reply, withArgument } from "./fake-server/handlers.js";
export type { Handler, HandlerSet, HandlerTable, Next } from "./fake-server/handlers.js";
export type { FakePolicy } from "./fake-server/policy.js";
export type { FakeSession } from "./fake-server/session.js";

/** A fake server: handler sets over the correct server, then a test's own command handlers over all of them. */
export interface FakeBehaviour {
  /** Handler sets over the correct server, in order (faults.*, quirks.*, settings.*, or a test's own). */
  sets?: readonly HandlerSet[];
  /** Command handlers over everything else (verb -> handler(session, argument, next)). */
  handlers?: HandlerTable;
}

export interface FakeFtpServer {
  port: number;
  /** Lines received, passwords included: only tests see them. */
  received: string[];
  close(): Promise<void>;
}

export async function startFakeFtpServer(behaviour: FakeBehaviour = {}): Promise<FakeFtpServer> {
  const sets = [
    correctServer,
    ...(behaviour.sets ?? []),
    ...(behaviour.handlers ? [{ handlers: behaviour.handlers }] : []),
  ];
  const policy = composePolicy(DEFAULT_POLICY, sets);
  const sockets = new Set<Socket>();
  const state: ServerState = {
    received: [],
    listeners: new Set<Server>(),
    uploads: new Map(),
    stalled: false,
    freedByActive: [],
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const control = policy.tls?.implicit ? serverTls(socket, policy.tls) : socket;
    new FakeSession(control, policy, state, (session, verb, argument) => dispatch(sets, session, verb, argument));
  });
  const port = await listenControl(server, policy.listenHost);
  return {
    port,
    received: state.received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const listener of state.listeners) listener.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
