import type { FakeActiveBehaviour } from "../fake-active-mode.js";
import type { FakeTlsBehaviour } from "../fake-tls.js";
import { closeControl, hang, raw, reply, type Handler, type HandlerSet, type HandlerTable } from "./handlers.js";
import { faults, quirks, settings } from "./faults.js";
import { tlsHandlers } from "./tls-handlers.js";

/** What a fake session does with one command: a reply, or a misbehaviour. */
export type CommandAction =
  | { reply: string }
  | { hang: true }
  | { close: true }
  /** Sends raw bytes without a line end, then hangs: a reply cut mid-line. */
  | { raw: string };

/**
 * Misbehaviours to script. Only for the harness's self-tests: it proves that each check fails on
 * the fault it is about. Defaults behave like a correct server on loopback. Each flag is a
 * shorthand for a handler set (handlerSetsOf); `sets` and `handlers` compose them directly.
 */
export interface FakeBehaviour {
  /** Handler sets over the correct server, in order (faults.*, quirks.*, settings.*, or a test's own). */
  sets?: readonly HandlerSet[];
  /** Command handlers over everything else (verb -> handler(session, argument, next)). */
  handlers?: HandlerTable;
  /** The greeting, or a function giving each session's (a server that refuses sessions past a cap). */
  greeting?: string | (() => string);
  /** The address the fake listens on, control and data: 127.0.0.1 unless set (::1 for IPv6 self-tests). */
  listenHost?: string;
  /** Address written into 227 replies (over IPv6 too: by default an IPv6 control connection's PASV gets 425). */
  pasvAddress?: string;
  /** Replaces the 227 text; gets the listener's port. */
  pasvReply?: (port: number) => string;
  /** Replaces the 229 text; gets the listener's port. */
  epsvReply?: (port: number) => string;
  /** Overrides any command (upper-case verb) before the default handling. */
  command?: (verb: string, argument: string) => CommandAction | undefined;
  /** Bytes served for RETR of a name; default: the fixture of that name. */
  fileContent?: (name: string) => Buffer | undefined;
  /** Replaces the LIST output. */
  listing?: string;
  /** Fault: accept data connections from any address (default: only the control peer's). */
  promiscuous?: boolean;
  /** FTPS (AUTH TLS, PBSZ/PROT, data under TLS) and its faults (harness/testing/fake-tls.ts). */
  tls?: FakeTlsBehaviour;
  /** Fault: accept PORT/EPRT to any host and port, and dial it (default: control peer, port >= 1024). */
  portAny?: boolean;
  /** Active mode (PORT/EPRT): the source port, the connect timeout, and faults (harness/testing/fake-active-mode.ts). */
  active?: FakeActiveBehaviour;
  /** Fault: keep accepting PASV, PORT and EPRT after EPSV ALL. */
  ignoreEpsvAll?: boolean;
  /** Fault: a new PASV/EPSV leaves the previous listener open. */
  keepOldListeners?: boolean;
  /** Fault: passive ports handed out in sequence from this port. */
  sequentialPortsFrom?: number;
  /** How long a transfer command waits for its passive connection before 425 (default 300 ms). */
  acceptTimeoutMs?: number;
  /** Fault: a transfer command waits for its passive connection for ever, the listener open. */
  neverGiveUp?: boolean;
  /** Correct, like Pure-FTPd: a foreign data connection is closed without data and the real client still awaited. */
  closeForeignAndWait?: boolean;
  /** Fault: PASV/EPSV advertise a port nothing listens on. */
  advertiseDeadPort?: boolean;
  /** Fault: a session's listener stays open (never accepting) after the session ends. */
  leakListeners?: boolean;
  /** Correct, like pyftpdlib: a passive listener closes once it has accepted a connection from the client. */
  listenerClosesAfterAccept?: boolean;
  /** Passive ports only from this range; when none is free, PASV/EPSV get 425. */
  portRange?: { min: number; max: number };
  /** Fault: every download has its first byte flipped (uploads are stored intact). */
  corruptDownloads?: boolean;
  /** Fault: every upload is stored with its first byte flipped. */
  corruptUploads?: boolean;
  /** Correct but slow: every reply is sent this many ms late. */
  replyDelayMs?: number;
  /** Correct but unusual: every reply in lower case and other words; greeting, login, 150, 226, 425, 227, 229, 234 and 522 multi-line. */
  multiLine?: boolean;
  /** Correct, like vsftpd: the 425 after the accept timeout goes out this many ms before the listener closes. */
  listenerClosedAfterReplyMs?: number;
  /** Fault: once any session has left a PASV unused, no session gets another reply. */
  stallAfterUnusedPassive?: boolean;
}

/** The old `command` hook's actions as handlers. */
function actionHandler(action: CommandAction): Handler {
  if ("reply" in action) return reply(action.reply);
  if ("close" in action) return closeControl;
  if ("raw" in action) return raw(action.raw);
  return hang;
}

/**
 * The one place flags become handler sets, bottom first (the correct server goes beneath them). Where
 * two flags touch the same thing the later set wins, as the flags did: a port range over sequential
 * ports, never giving up over an accept timeout, promiscuous over closing foreign connections.
 */
export function handlerSetsOf(b: FakeBehaviour): HandlerSet[] {
  const { command } = b;
  const flagged: Array<HandlerSet | false | undefined> = [
    b.tls && tlsHandlers(b.tls),
    b.greeting !== undefined && settings.greeting(b.greeting),
    b.listenHost !== undefined && settings.listenOn(b.listenHost),
    (b.pasvAddress !== undefined || b.pasvReply !== undefined) &&
      settings.pasv({
        ...(b.pasvAddress !== undefined ? { address: b.pasvAddress } : {}),
        ...(b.pasvReply ? { reply: b.pasvReply } : {}),
      }),
    b.epsvReply && faults.epsvReply(b.epsvReply),
    b.fileContent && settings.files(b.fileContent),
    b.listing !== undefined && settings.listing(b.listing),
    b.closeForeignAndWait && quirks.closeForeignAndWait,
    b.promiscuous && faults.promiscuous,
    b.portAny && faults.portAny,
    b.active && settings.active(b.active),
    b.ignoreEpsvAll && faults.ignoreEpsvAll,
    b.keepOldListeners && faults.keepOldListeners,
    b.sequentialPortsFrom !== undefined && faults.sequentialPorts(b.sequentialPortsFrom),
    b.portRange && settings.portRange(b.portRange.min, b.portRange.max),
    b.acceptTimeoutMs !== undefined && settings.acceptTimeout(b.acceptTimeoutMs),
    b.neverGiveUp && faults.neverGiveUp,
    b.advertiseDeadPort && faults.advertiseDeadPort,
    b.leakListeners && faults.leakListeners,
    b.listenerClosesAfterAccept && quirks.listenerClosesAfterAccept,
    b.corruptDownloads && faults.corruptDownloads,
    b.corruptUploads && faults.corruptUploads,
    b.replyDelayMs ? quirks.replyDelay(b.replyDelayMs) : undefined,
    b.multiLine && quirks.multiLine,
    b.listenerClosedAfterReplyMs ? quirks.listenerClosedAfterReply(b.listenerClosedAfterReplyMs) : undefined,
    b.stallAfterUnusedPassive && faults.stallAfterUnusedPassive,
    ...(b.sets ?? []),
    b.handlers && { handlers: b.handlers },
    command && {
      every: (session, verb, argument, next) => {
        const action = command(verb, argument);
        return action ? actionHandler(action)(session, argument, next) : next();
      },
    },
  ];
  return flagged.filter((set): set is HandlerSet => Boolean(set));
}
