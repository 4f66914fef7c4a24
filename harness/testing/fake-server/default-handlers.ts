import { fixtureFiles } from "../../fixtures/fixture-files.js";
import { parseAddress } from "../../util/ip-address.js";
import { parseActiveArgument, type ActiveTarget } from "../fake-active-mode.js";
import type { Handler, HandlerSet } from "./handlers.js";
import type { FakeSession } from "./session.js";

/** What a 227 says: the address it names (else 127.0.0.1, or under TLS the TLS policy's), or its whole text. */
export interface PasvWording {
  address?: string;
  reply?: (port: number) => string;
}

/**
 * PASV as a correct server serves it: after login, refused after EPSV ALL, and over IPv6 refused in
 * Pure-FTPd's words (a 227 cannot name an IPv6 address) unless the 227 is scripted.
 */
export function pasv(wording: PasvWording = {}): Handler {
  const scripted = Boolean(wording.address) || Boolean(wording.reply);
  return async (session) => {
    if (!session.loggedIn) return session.reply("530 log in first");
    if (session.epsvAll) return session.reply("500 PASV not allowed after EPSV ALL");
    if (session.overIpv6() && !scripted) {
      return session.reply("425 You cannot use PASV on IPv6 connections. Use EPSV instead.");
    }
    const port = await session.openPassive();
    if (port === null) return session.reply("425 No passive port free.");
    const address = (session.tls?.pasvAddress() ?? wording.address ?? "127.0.0.1").replace(/\./g, ",");
    session.reply(wording.reply?.(port) ?? `227 Entering Passive Mode (${address},${port >> 8},${port & 255}).`);
  };
}

/** EPSV: ALL accepted and remembered; the control connection's protocol only (RFC 2428 section 2: 1 IPv4, 2 IPv6). */
export function epsv(reply?: (port: number) => string): Handler {
  return async (session, argument) => {
    if (argument.toUpperCase() === "ALL") {
      session.epsvAll = true;
      return session.reply("200 EPSV ALL ok");
    }
    const own = session.overIpv6() ? "2" : "1";
    if (argument !== "" && argument !== own) return session.reply(`522 Network protocol not supported, use (${own})`);
    const port = await session.openPassive();
    if (port === null) return session.reply("425 No passive port free.");
    session.reply(reply?.(port) ?? `229 Entering Extended Passive Mode (|||${port}|)`);
  };
}

/** Which PORT/EPRT targets are accepted. */
export type TargetRule = (target: ActiveTarget, session: FakeSession) => boolean;

/** A correct server's rule: the control peer itself, at a port of 1024 or above. */
export const peerOnly: TargetRule = (target, session) => sameHost(target.host, session.peer()) && target.port >= 1024;

/** PORT or EPRT: refused after EPSV ALL; a target the rule accepts is where the next transfer dials. */
export function active(verb: "PORT" | "EPRT", accepts: TargetRule = peerOnly): Handler {
  return (session, argument) => {
    if (session.epsvAll) return session.reply(`500 ${verb} not allowed after EPSV ALL`);
    const target = parseActiveArgument(verb, argument);
    if (!target) return session.reply(`501 bad ${verb} argument`);
    if (!accepts(target, session)) return session.reply(`500 Illegal ${verb} command`);
    session.activeTarget = target;
    session.reply(`200 ${verb} command successful`);
  };
}

/** LIST serving `listing` (by default the fixtures, one `ls -l` line each). */
export function list(listing?: string): Handler {
  return (session) =>
    session.sendData(
      Buffer.from(
        listing ??
          fixtureFiles()
            .map((f) => `-rw-r--r-- 1 ftp ftp ${f.size} Jan 1 00:00 ${f.name}\r\n`)
            .join(""),
      ),
    );
}

/** The correct server on loopback: the bottom of every fake's handler sets. */
export const correctServer: HandlerSet = {
  handlers: {
    USER: (session) => session.reply("331 password please"),
    PASS: (session) => {
      session.loggedIn = true;
      session.reply("230 logged in");
    },
    TYPE: (session) => session.reply("200 type set"),
    QUIT: (session) => session.quit(),
    PASV: pasv(),
    EPSV: epsv(),
    PORT: active("PORT"),
    EPRT: active("EPRT"),
    LIST: list(),
    STOR: (session, name) => session.receiveData(name),
    RETR: (session, name) => {
      const content = session.file(name);
      if (!content) return session.reply("550 no such file");
      return session.sendData(session.policy.download(content));
    },
  },
};

/** The same address in any spelling (an IPv4-mapped IPv6 address is its IPv4 address). */
function sameHost(a: string, b: string): boolean {
  const [x, y] = [parseAddress(a), parseAddress(b)];
  return x !== null && y !== null && x.kind() === y.kind() && x.toNormalizedString() === y.toNormalizedString();
}
