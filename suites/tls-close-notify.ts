import { transferWait } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { largestFixture } from "../harness/fixtures/fixture-files.js";
import { download } from "../harness/ftp/data-connection.js";
import { enterPassive } from "../harness/ftp/passive-mode.js";
import { codeClass, replyText } from "../harness/ftp/reply-text.js";
import { closeNotifyOf } from "../harness/ftp/tls-control.js";
import { dataUnderTlsNotApplicable, protectedBinarySession, protectedData, withTlsSessions } from "./tls-steps.js";

/** The clients that fail a transfer whose data connection ends without close_notify, for the hint. */
const STRICT_CLIENTS =
  "FileZilla fails such transfers (its wiki's 'TLS specifications'), as do clients on TLS libraries that " +
  "report a truncated TLS stream (curl/curl#11383; ProFTPD's own handling, proftpd/proftpd#1825)";

/** The upload's size: one that crosses TLS record boundaries (16 KiB) and TCP segments. */
const UPLOAD_BYTES = 196615;

export const tlsCloseNotify: CheckDefinition = {
  id: "tls.close-notify",
  title: "TLS data connections end with close_notify, both ways",
  source:
    "RFC 8446 section 6.1 (closure alerts: each party MUST send close_notify before closing its write side); " +
    "RFC 5246 section 7.2.1; RFC 4217 section 7 (data connections under TLS)",
  requirement:
    "Under PROT P, the server sends a TLS close_notify alert before it closes a download's data connection, so " +
    "the client can tell the whole file from a truncated one; and an upload the client ends with its own " +
    "close_notify completes with 226. Decided from the TLS records the client received (TLS 1.3's read with the " +
    "session's traffic secret, as the key log has it). Through EPSV: the address a 227 names is other checks' " +
    "concern.",
  level: "MUST",
  concurrency: "shared",
  dialsDataPort: true,
  notApplicable: dataUnderTlsNotApplicable,
  async run(context) {
    const expected = "the download's data connection ends with the server's close_notify; the upload gets 226";
    return withTlsSessions(context, async (open) => {
      const { session } = await protectedBinarySession(open);
      const file = largestFixture();
      const down = await protectedData(
        context,
        session,
        await enterPassive(session, "EPSV", context.network.control.host),
        "resume",
        true,
      );
      const got = await download(
        session,
        context.client,
        down,
        `RETR ${file.name}`,
        context.transcript,
        transferWait(context.timeouts),
      );
      // The server's close may reach the agent after its 226: as long as one reply may take.
      const close = await closeNotifyOf(context.client, down, context.transcript, context.timeouts.replyMs);
      const downloaded = `RETR ${file.name}: ${got.bytes} bytes, 226; ${close.detail}`;
      if (close.closeNotify === "undecided")
        return inconclusive(`${downloaded}: whether close_notify came is not known`);
      if (close.closeNotify === "absent") {
        return fail(
          expected,
          `${downloaded}: the server closed the data connection without close_notify`,
          `send TLS close_notify (SSL_shutdown) before closing each data connection: ${STRICT_CLIENTS}`,
        );
      }
      const up = await protectedData(
        context,
        session,
        await enterPassive(session, "EPSV", context.network.control.host),
        "resume",
      );
      const name = "upload-close-notify.bin";
      const start = await session.send(`STOR ${name}`);
      if (codeClass(start) !== 1) {
        await context.client.request("data.close", { data: up });
        return inconclusive(`${downloaded}; STOR ${name} got '${replyText(start)}', so no upload was made`);
      }
      // data.write ends the TLS stream with the client's close_notify, then the TCP connection.
      const written = await context.client.request("data.write", { data: up, size: UPLOAD_BYTES, seed: 4217 });
      const done = await session.read(`STOR ${name}`, transferWait(context.timeouts));
      const uploaded = `STOR ${name}: ${written.bytes} bytes ended with the client's close_notify, then '${replyText(done)}'`;
      if (codeClass(done) !== 2) {
        return fail(
          expected,
          `${downloaded}; ${uploaded}`,
          "accept a data connection the client ends with close_notify (it is how TLS ends a stream, RFC 8446 " +
            "section 6.1) and answer 226",
        );
      }
      return pass(expected, `${downloaded}; ${uploaded}`);
    });
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts): after the other tls.* checks. */
export const SUITE_ORDER = 121;

export const TLS_CLOSE_CHECKS: readonly CheckDefinition[] = [tlsCloseNotify];
