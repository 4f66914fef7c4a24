import type { CheckDefinition } from "../harness/checks/check-definition.js";
import type { CheckContext } from "../harness/checks/check-context.js";
import { fail, pass } from "../harness/checks/outcome.js";
import { FIXTURE_SIZES } from "../harness/fixtures/fixture-files.js";
import type { ControlSession, Endpoint } from "../harness/ftp/control-session.js";
import { connectData, download, upload } from "../harness/ftp/data-connection.js";
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

/** A logged-in binary-mode session, and a way to get a data connection in the variant's mode. */
async function binarySession(context: CheckContext, variant: string | undefined) {
  const mode: PassiveMode = variant === "epsv" ? "EPSV" : "PASV";
  const session: ControlSession = await context.openLoggedIn();
  const type = await session.send("TYPE I");
  if (type.code !== 200) throw new ProtocolFailure(`TYPE I got '${replyText(type)}', expected 200`);
  const openData = async () => {
    const endpoint: Endpoint = await enterPassive(session, mode, context.network.control.host);
    return connectData(context.client, endpoint, context.transcript, context.timeouts.dataConnectMs);
  };
  return { mode, session, openData };
}

export const transferStor: CheckDefinition = {
  id: "transfer.stor",
  title: "Uploads arrive intact",
  source: "RFC 959 sections 3.4 and 4.1.3 (STOR, TYPE I)",
  requirement:
    "Files of 0 B, 1 B, one crossing 64 KiB boundaries and 1 MiB upload in binary mode, and download again " +
    "with the SHA-256 of what was sent.",
  level: "MUST",
  variants: ["pasv", "epsv"],
  async run(context, variant) {
    const { mode, session, openData } = await binarySession(context, variant);
    const lines: string[] = [];
    for (const [i, { size }] of FIXTURE_SIZES.entries()) {
      const name = `upload-${variant}-${size}.bin`;
      const sent = await upload(
        session,
        context.client,
        await openData(),
        `STOR ${name}`,
        { size, seed: 7000 + i },
        context.timeouts.transferMs,
      );
      const back = await download(
        session,
        context.client,
        await openData(),
        `RETR ${name}`,
        context.transcript,
        context.timeouts.transferMs,
      );
      if (back.sha256 !== sent) {
        return fail(
          `${name}: ${size} bytes, sha256 ${sent}`,
          `${name} read back: ${back.bytes} bytes, sha256 ${back.sha256}`,
          "check binary mode (TYPE I) and disk space",
        );
      }
      lines.push(`${name} ${size} B ok`);
    }
    return pass(`${FIXTURE_SIZES.length} uploads read back with matching SHA-256 over ${mode}`, lines.join("; "));
  },
};

export const transferList: CheckDefinition = {
  id: "transfer.list",
  title: "LIST names the served files",
  source: "RFC 959 section 4.1.3 (LIST)",
  requirement: "LIST over the passive data connection completes with 226 and names every file in the served directory.",
  level: "MUST",
  variants: ["pasv", "epsv"],
  async run(context, variant) {
    const { mode, session, openData } = await binarySession(context, variant);
    const listing = await download(
      session,
      context.client,
      await openData(),
      "LIST",
      context.transcript,
      context.timeouts.transferMs,
    );
    const missing = context.fixtures.map((f) => f.name).filter((name) => !listing.head.includes(name));
    const expected = `a listing naming ${context.fixtures.map((f) => f.name).join(", ")}`;
    if (missing.length === 0) return pass(expected, `${listing.bytes} bytes over ${mode}`);
    return fail(
      expected,
      `${listing.bytes} bytes over ${mode}, missing ${missing.join(", ")}: '${listing.head.slice(0, 300)}'`,
    );
  },
};

export const TRANSFER_CHECKS: readonly CheckDefinition[] = [transferRetr, transferStor, transferList];
