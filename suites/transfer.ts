import { MAX_KEPT_BYTES } from "../harness/agent/agent-protocol.js";
import { transferWait } from "../harness/checks/check-context.js";
import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { fail, inconclusive, pass } from "../harness/checks/outcome.js";
import { FIXTURE_SIZES, largestFixture } from "../harness/fixtures/fixture-files.js";
import { upload } from "../harness/ftp/data-connection.js";
import { enterPassive } from "../harness/ftp/passive-mode.js";
import { binarySessionFor, IN_BOTH_PASSIVE_MODES, listingAt } from "./passive-steps.js";

export const transferRetr: CheckDefinition = {
  id: "transfer.retr",
  title: "Downloads arrive intact",
  source: "RFC 959 sections 3.1.1.3 and 4.1.3 (TYPE I, RETR)",
  requirement:
    "Files of 0 B, 1 B, one crossing 64 KiB boundaries and 1 MiB download in binary mode with matching SHA-256.",
  level: "MUST",
  concurrency: "shared",
  ...IN_BOTH_PASSIVE_MODES,
  async run(context, variant) {
    const { mode, fetch } = await binarySessionFor(context, variant);
    const lines: string[] = [];
    for (const file of context.fixtures) {
      const got = await fetch(`RETR ${file.name}`);
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

export const transferStor: CheckDefinition = {
  id: "transfer.stor",
  title: "Uploads arrive intact",
  source: "RFC 959 sections 3.1.1.3 and 4.1.3 (TYPE I, STOR)",
  requirement:
    "Files of 0 B, 1 B, one crossing 64 KiB boundaries and 1 MiB upload in binary mode, and download again " +
    "with the SHA-256 of what was sent.",
  level: "MUST",
  concurrency: "shared",
  ...IN_BOTH_PASSIVE_MODES,
  async run(context, variant) {
    const { mode, session, openData, fetch } = await binarySessionFor(context, variant);
    const lines: string[] = [];
    for (const [i, { size }] of FIXTURE_SIZES.entries()) {
      const name = `upload-${variant}-${size}.bin`;
      const sent = await upload(
        session,
        context.client,
        await openData(),
        `STOR ${name}`,
        { size, seed: 7000 + i },
        transferWait(context.timeouts),
      );
      const back = await fetch(`RETR ${name}`);
      if (back.sha256 !== sent) {
        // Which direction broke: a plain RETR of a file the server already had tells.
        const known = largestFixture();
        const control = await fetch(`RETR ${known.name}`);
        const readBack = `${name} read back: ${back.bytes} bytes, sha256 ${back.sha256}`;
        if (control.sha256 !== known.sha256) {
          return inconclusive(
            `${readBack}, but a plain RETR of ${known.name} (already on the server) is corrupt too ` +
              `(${control.bytes} bytes, sha256 ${control.sha256}): downloads are broken (see transfer.retr), so the ` +
              `upload itself cannot be judged`,
          );
        }
        return fail(
          `${name}: ${size} bytes, sha256 ${sent}`,
          `${readBack}; a plain RETR of ${known.name} arrives intact, so the upload was altered`,
          "check binary mode (TYPE I) and disk space",
        );
      }
      lines.push(`${name} ${size} B ok`);
    }
    return pass(`${FIXTURE_SIZES.length} uploads read back with matching SHA-256 over ${mode}`, lines.join("; "));
  },
};

/**
 * How much of a listing transfer.list reads: 1 MiB (the most the agent keeps, MAX_KEPT_BYTES), about
 * ten thousand entries of a Unix-style listing. A longer listing whose first 1 MiB does not name
 * every fixture is inconclusive, not a failure: the names may come later.
 */
export const LISTING_CAP_BYTES = MAX_KEPT_BYTES;

export const transferList: CheckDefinition = {
  id: "transfer.list",
  title: "LIST names the served files",
  source: "RFC 959 section 4.1.3 (LIST)",
  requirement: "LIST over the passive data connection completes with 226 and names every file in the served directory.",
  level: "MUST",
  concurrency: "shared",
  ...IN_BOTH_PASSIVE_MODES,
  async run(context, variant) {
    const { mode, session } = await binarySessionFor(context, variant);
    const endpoint = await enterPassive(session, mode, context.network.control.host);
    const listing = await listingAt(context, session, endpoint, LISTING_CAP_BYTES);
    const missing = context.fixtures.map((f) => f.name).filter((name) => !listing.head.includes(name));
    const expected = `a listing naming ${context.fixtures.map((f) => f.name).join(", ")}`;
    if (missing.length === 0) return pass(expected, `${listing.bytes} bytes over ${mode}`);
    if (listing.bytes > listing.head.length) {
      return inconclusive(
        `the listing is ${listing.bytes} bytes over ${mode}, longer than the ${LISTING_CAP_BYTES} bytes ` +
          `the check reads (LISTING_CAP_BYTES), and those do not name ${missing.join(", ")}: they may come later ` +
          `(serve a directory with fewer entries)`,
      );
    }
    return fail(
      expected,
      `${listing.bytes} bytes over ${mode}, missing ${missing.join(", ")}: '${listing.head.slice(0, 300)}'`,
    );
  },
};

/** Where this file's checks come in a run (suites/catalogue.ts). */
export const SUITE_ORDER = 110;

export const TRANSFER_CHECKS: readonly CheckDefinition[] = [transferRetr, transferStor, transferList];
