import type { DialOutcome, FtpReply } from "../agent/agent-protocol.js";
import type { Endpoint } from "./endpoint.js";

/** A data connection that failed: where the client dialled and what it met. */
export interface FailedDial {
  endpoint: Endpoint;
  outcome: DialOutcome;
}

/**
 * The server did something that stops a check: no reply in time, a closed connection, a flood.
 * A check that meets one fails with this message; it is evidence about the server, not a
 * harness error. A failed data connection carries its dial, from which the cause is decided.
 */
export class ProtocolFailure extends Error {
  override readonly name = "ProtocolFailure";
  constructor(
    message: string,
    readonly dial?: FailedDial,
  ) {
    super(message);
  }
}

/** The server sent nothing within the reply timeout: it may have stopped answering this command. */
export class NoReply extends ProtocolFailure {
  constructor(
    message: string,
    /** The command (verb) whose reply never came, or "the greeting". */
    readonly awaiting: string,
  ) {
    super(message);
  }
}

/** Opening a session stopped short of logged in: at which step, and the reply there. */
export class SessionRefused extends ProtocolFailure {
  constructor(
    message: string,
    readonly step: "the greeting" | "USER" | "PASS",
    readonly reply: FtpReply,
  ) {
    super(message);
  }
}

/** The server refused the target's credentials (530 to USER or PASS). */
export class LoginRefused extends SessionRefused {}
