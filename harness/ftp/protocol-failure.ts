/**
 * The server did something that stops a check: no reply in time, a closed connection, a flood.
 * A check that meets one fails with this message; it is evidence about the server, not a
 * harness error.
 */
export class ProtocolFailure extends Error {
  override readonly name = "ProtocolFailure";
}
