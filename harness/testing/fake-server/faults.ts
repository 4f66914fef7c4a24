import type { FakeActiveBehaviour } from "../fake-active-mode.js";
import type { FakeTlsBehaviour } from "../fake-tls.js";
import { active, epsv, list, pasv, type PasvWording } from "./default-handlers.js";
import type { HandlerSet } from "./handlers.js";
import { tlsHandlers } from "./tls-handlers.js";
import { unusualWording } from "./unusual-wording.js";

function flipFirstByte(content: Buffer): Buffer {
  if (content.length === 0) return content;
  const copy = Buffer.from(content);
  copy[0] = (copy[0] as number) ^ 0xff;
  return copy;
}

const anyTarget = () => true;

/** Misbehaviours, each a handler set to compose over the correct server (`sets: [faults.promiscuous]`). */
export const faults = {
  /** Accepts data connections from any address (default: only the control peer's). */
  promiscuous: { policy: { foreignData: "accept" } },
  /** Accepts PORT/EPRT to any host and port, and dials it (default: the control peer, port >= 1024). */
  portAny: { handlers: { PORT: active("PORT", anyTarget), EPRT: active("EPRT", anyTarget) } },
  /** Accepts EPSV ALL but forgets it: PASV, PORT and EPRT still accepted after it. */
  ignoreEpsvAll: {
    handlers: {
      EPSV: (session, argument, next) => (argument.toUpperCase() === "ALL" ? session.reply("200 EPSV ALL ok") : next()),
    },
  },
  /** A new PASV/EPSV leaves the previous listener open. */
  keepOldListeners: { policy: { closeOldListener: false } },
  /** A transfer command waits for its passive connection for ever, the listener open. */
  neverGiveUp: { policy: { acceptTimeoutMs: null } },
  /** PASV/EPSV advertise a port nothing listens on. */
  advertiseDeadPort: { policy: { passiveListener: "dead" } },
  /** A session's listener stays open (never accepting) after the session ends. */
  leakListeners: { policy: { closeListenerAtEnd: false } },
  /** Every download has its first byte flipped (uploads are stored intact). */
  corruptDownloads: { policy: { download: flipFirstByte } },
  /** Every passive upload is stored with its first byte flipped. */
  corruptUploads: { policy: { upload: flipFirstByte } },
  /** Once any session has left a PASV unused, no session gets another reply. */
  stallAfterUnusedPassive: { policy: { stallAfterUnusedPassive: true } },
  /**
   * Like pyftpdlib 1.5.7: a connection accepted after a session's active-mode download and before that
   * session ends is never read or answered again once it does.
   */
  sessionEndLosesNext: { policy: { sessionEndLosesNext: true } },
  /** Passive ports handed out in sequence from `from`. */
  sequentialPorts: (from: number): HandlerSet => ({ policy: { passivePorts: { kind: "sequential", from } } }),
  /** 227 replies name `address` (over IPv6 too, where a correct fake refuses PASV). */
  pasvAddress: (address: string): HandlerSet => ({ handlers: { PASV: pasv({ address }) } }),
  /** 227 replies worded by `reply` (over IPv6 too). */
  pasvReply: (reply: (port: number) => string): HandlerSet => ({ handlers: { PASV: pasv({ reply }) } }),
  /** 229 replies worded by `reply`. */
  epsvReply: (reply: (port: number) => string): HandlerSet => ({ handlers: { EPSV: epsv(reply) } }),
} satisfies Record<string, HandlerSet | ((...args: never[]) => HandlerSet)>;

/** Correct but unusual servers' ways, each a handler set like the faults. */
export const quirks = {
  /** Like Pure-FTPd: a foreign data connection is closed without data and the real client still awaited; 150 only once it came. */
  closeForeignAndWait: { policy: { foreignData: "close-and-wait", announce: "after-accept" } },
  /** Like pyftpdlib: a passive listener closes once it has accepted a connection from the client. */
  listenerClosesAfterAccept: { policy: { listenerClosesAfterAccept: true } },
  /** Every reply in lower case and other words; greeting, login, 150, 226, 425, 227, 229, 234 and 522 multi-line. */
  multiLine: { policy: { wording: unusualWording } },
  /** Every reply sent `ms` late. */
  replyDelay: (ms: number): HandlerSet => ({ policy: { replyDelayMs: ms } }),
  /** Like vsftpd: the 425 after the accept timeout goes out `ms` before the listener closes. */
  listenerClosedAfterReply: (ms: number): HandlerSet => ({ policy: { listenerClosedAfterReplyMs: ms } }),
  /** The control connection closes `ms` after the 221 to QUIT, not at once. */
  closeAfterQuit: (ms: number): HandlerSet => ({ policy: { quitCloseDelayMs: ms } }),
  /** A session's listener closes `ms` after the session ends (still accepting until then). */
  listenerClosedAfterEnd: (ms: number): HandlerSet => ({ policy: { listenerClosedAfterEndMs: ms } }),
} satisfies Record<string, HandlerSet | ((...args: never[]) => HandlerSet)>;

/** A server's configuration, as handler sets. */
export const settings = {
  greeting: (greeting: string | (() => string)): HandlerSet => ({ policy: { greeting } }),
  /** The address the fake listens on, control and data (127.0.0.1 unless set; ::1 for IPv6 self-tests). */
  listenOn: (listenHost: string): HandlerSet => ({ policy: { listenHost } }),
  /** Passive ports only from this range; when none is free, PASV/EPSV get 425. */
  portRange: (min: number, max: number): HandlerSet => ({ policy: { passivePorts: { kind: "range", min, max } } }),
  /** How long a transfer command waits for its passive connection before 425 (default 300 ms). */
  acceptTimeout: (ms: number): HandlerSet => ({ policy: { acceptTimeoutMs: ms } }),
  /** Bytes served for RETR of a name (undefined: the upload or fixture of that name). */
  files: (content: (name: string) => Buffer | undefined): HandlerSet => ({ policy: { fileContent: content } }),
  /** The LIST output. */
  listing: (text: string): HandlerSet => ({ handlers: { LIST: list(text) } }),
  /** Active mode's dialling and its faults (fake-active-mode.ts). */
  active: (behaviour: FakeActiveBehaviour): HandlerSet => ({ policy: { active: behaviour } }),
  /** FTPS (AUTH TLS, PBSZ/PROT, data under TLS) and its faults (harness/testing/fake-tls.ts). */
  tls: (behaviour: FakeTlsBehaviour = {}): HandlerSet => tlsHandlers(behaviour),
  /** The PASV wording, address and text at once. */
  pasv: (wording: PasvWording): HandlerSet => ({ handlers: { PASV: pasv(wording) } }),
} satisfies Record<string, (...args: never[]) => HandlerSet>;
