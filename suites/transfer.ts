import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { connectData, download } from "../harness/ftp/data-connection.js";
import { enterPassive, type PassiveMode } from "../harness/ftp/passive-mode.js";
import { ProtocolFailure } from "../harness/ftp/protocol-failure.js";
import { replyText } from "../harness/ftp/reply-text.js";

export const transferRetr: CheckDefinition = {
  id: "transfer.retr",
  title: "Downloads arrive intact",
  source: "RFC 959 sections 3.4 and 4.1.3 (RETR, TYPE I)",
  requirement:
    "Files of 0 B, 1 B, one crossing 64 KiB boundaries and 1 MiB download in binary mode with matching SHA-256.",
  level: "MUST",
  variants: ["pasv", "epsv"],
  async run(context, variant) {
    const mode: PassiveMode = variant === "epsv" ? "EPSV" : "PASV";
    const session = await context.openLoggedIn();
    const type = await session.send("TYPE I");
    if (type.code !== 200) throw new ProtocolFailure(`TYPE I got '${replyText(type)}', expected 200`);
    const lines: string[] = [];
    for (const file of context.fixtures) {
      const endpoint = await enterPassive(session, mode, context.network.control.host);
      const data = await connectData(context.client, endpoint, context.transcript, context.timeouts.dataConnectMs);
      const got = await download(
        session,
        context.client,
        data,
        `RETR ${file.name}`,
        context.transcript,
        context.timeouts.transferMs,
      );
      if (got.sha256 !== file.sha256) {
        return fail(
          `${file.name}: ${file.size} bytes, sha256 ${file.sha256}`,
          `${file.name}: ${got.bytes} bytes, sha256 ${got.sha256}`,
          "check binary mode (TYPE I) and anything rewriting the data stream",
        );
      }
      lines.push(`${file.name} ${got.bytes} B ok`);
    }
    return pass(`${context.fixtures.length} files with matching SHA-256 over ${mode}`, lines.join("; "));
  },
};

export const TRANSFER_CHECKS: readonly CheckDefinition[] = [transferRetr];
