import type { FakeActiveBehaviour } from "../fake-active-mode.js";
import type { FakeTlsBehaviour } from "../fake-tls.js";

/** Which ports passive listeners take: any free one, in sequence from a port, or only from a range (425 when none is free). */
export type PassivePorts =
  { kind: "any" } | { kind: "sequential"; from: number } | { kind: "range"; min: number; max: number };

/**
 * What a fake server does that is no one command's. Each field has the correct server's value in
 * DEFAULT_POLICY; a handler set overrides the fields its behaviour is about.
 */
export interface FakePolicy {
  /** The greeting, or a function giving each session's. */
  greeting: string | (() => string);
  /** The address the fake listens on, control and data. */
  listenHost: string;
  /** Every reply sent this many ms late (0: at once). */
  replyDelayMs: number;
  /** The text a reply goes out as. */
  wording: (reply: string) => string;
  /**
   * A passive connection from another address than the control peer's: refused (dropped, and the
   * transfer gets 425), accepted, or closed while the client's own is still awaited.
   */
  foreignData: "refuse" | "accept" | "close-and-wait";
  /** The 150 of a passive transfer: before its data connection is accepted, or after. */
  announce: "before-accept" | "after-accept";
  passivePorts: PassivePorts;
  /** What PASV/EPSV advertise: a port listening, or one nothing listens on. */
  passiveListener: "listening" | "dead";
  /** A new PASV/EPSV closes the previous listener (false: leaves it open). */
  closeOldListener: boolean;
  /** A listener closes once it has accepted the client's connection. */
  listenerClosesAfterAccept: boolean;
  /** How long a transfer waits for its passive connection before 425; null: for ever. */
  acceptTimeoutMs: number | null;
  /** After that 425 the listener stays open this many ms (0: closed before it). */
  listenerClosedAfterReplyMs: number;
  /** A session's listener closes when the session ends (false: it leaks). */
  closeListenerAtEnd: boolean;
  /** How long after the session ends its listener closes (when it closes at all). */
  listenerClosedAfterEndMs: number;
  /** Once a session ends with a PASV unused, no session gets another reply. */
  stallAfterUnusedPassive: boolean;
  /**
   * Like pyftpdlib 1.5.7: a finished active-mode download leaves its session holding a slot the next
   * accepted connection takes; when that session ends, the newer connection is never served again.
   */
  sessionEndLosesNext: boolean;
  /** How long after writing the 221 to QUIT the server closes the connection (0: at once). */
  quitCloseDelayMs: number;
  /** Bytes served for RETR of a name before uploads and fixtures; undefined: none. */
  fileContent: (name: string) => Buffer | undefined;
  /** What a download sends of a file's content. */
  download: (content: Buffer) => Buffer;
  /** What a passive upload stores of the bytes received. */
  upload: (content: Buffer) => Buffer;
  /** Active mode's dialling (fake-active-mode.ts). */
  active: FakeActiveBehaviour;
  /** FTPS, when served (fake-tls.ts; its commands come from tlsHandlers). */
  tls: FakeTlsBehaviour | undefined;
}

const same = (content: Buffer) => content;

export const DEFAULT_POLICY: FakePolicy = {
  greeting: "220 fake FTP server ready",
  listenHost: "127.0.0.1",
  replyDelayMs: 0,
  wording: (reply) => reply,
  foreignData: "refuse",
  announce: "before-accept",
  passivePorts: { kind: "any" },
  passiveListener: "listening",
  closeOldListener: true,
  listenerClosesAfterAccept: false,
  acceptTimeoutMs: 300,
  listenerClosedAfterReplyMs: 0,
  closeListenerAtEnd: true,
  listenerClosedAfterEndMs: 0,
  stallAfterUnusedPassive: false,
  sessionEndLosesNext: false,
  quitCloseDelayMs: 0,
  fileContent: () => undefined,
  download: same,
  upload: same,
  active: {},
  tls: undefined,
};
