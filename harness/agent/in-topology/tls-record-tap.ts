import { Duplex } from "node:stream";
import type { Socket } from "node:net";
import type { RecordLog } from "./tls-records.js";

/**
 * A stream between a TLS socket and its TCP connection that hands everything through and shows the
 * bytes the server sent to `log` on the way: the TLS records, as they crossed the wire. Node's TLS
 * socket reports a clean end whether or not close_notify came before the FIN (measured with Node
 * 20: it ignores an unexpected EOF), so the records are read instead.
 */
export function tapInbound(raw: Socket, log: RecordLog): Duplex {
  let ended = false;
  const tap = new Duplex({
    read() {
      raw.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      raw.write(chunk, callback);
    },
    final(callback) {
      raw.end(callback);
    },
    destroy(error, callback) {
      raw.destroy();
      callback(error);
    },
  });
  raw.on("data", (chunk: Buffer) => {
    log.feed(chunk);
    if (!tap.push(chunk)) raw.pause();
  });
  raw.on("end", () => {
    ended = true;
    tap.push(null);
  });
  raw.on("error", (error) => tap.destroy(error));
  // A close without an end (a reset) ends the tap too; after an end, the TLS socket still reads what came.
  raw.on("close", () => {
    if (!ended) tap.destroy();
  });
  return tap;
}
