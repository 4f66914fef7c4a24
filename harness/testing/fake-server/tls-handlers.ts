import { serverTls, type FakeTlsBehaviour, type FakeTlsSession } from "../fake-tls.js";
import type { Handler, HandlerSet, HandlerTable } from "./handlers.js";
import type { FakeSession } from "./session.js";

/** The session's FTPS state; these handlers are only in a server that serves FTPS. */
function tlsOf(session: FakeSession): FakeTlsSession {
  if (!session.tls) throw new Error("FTPS command handlers in a fake without tls");
  return session.tls;
}

const authArgument = (argument: string) => ["TLS", "TLS-C"].includes(argument.toUpperCase());

/** AUTH, PBSZ and PROT as a correct FTPS server serves them (RFC 4217); plaintext still allowed. */
const ftps: HandlerTable = {
  AUTH: (session, argument) => {
    const tls = tlsOf(session);
    if (tls.secured) return session.reply("503 already under TLS");
    if (!authArgument(argument)) return session.reply("504 AUTH TLS only");
    tls.secured = true;
    session.reply("234 AUTH TLS successful", () => session.upgrade((raw) => serverTls(raw, tls.behaviour)));
  },
  PBSZ: (session) => session.reply(tlsOf(session).secured ? "200 PBSZ=0" : "503 PBSZ before AUTH TLS"),
  PROT: (session, argument) => {
    const tls = tlsOf(session);
    const level = argument.toUpperCase();
    if (!tls.secured) return session.reply("503 PROT before AUTH TLS");
    if (level !== "P" && level !== "C") return session.reply("536 PROT C or P only");
    tls.protectData = level === "P";
    session.reply(`200 PROT now ${tls.protectData ? "Private" : "Clear"}`);
  },
};

/** TLS-only: USER and PASS on an unprotected control connection get 530. */
const loginUnderTlsOnly: Handler = (session, argument, next) =>
  tlsOf(session).secured ? next() : session.reply("530 TLS required: send AUTH TLS first");

/**
 * TLS-only data, like vsftpd's force_local_data_ssl=YES: a transfer command without PROT P gets 522
 * (vsftpd's words) and moves nothing.
 */
const dataUnderTlsOnly: Handler = (session, argument, next) =>
  tlsOf(session).protectData ? next() : session.reply("522 Data connections must be encrypted.");

/** Fault: a valid AUTH TLS on a plaintext connection gets `reply` instead of 234. */
const authRefused =
  (reply: string): Handler =>
  (session, argument, next) =>
    tlsOf(session).secured || !authArgument(argument) ? next() : session.reply(reply);

/** FTPS as `behaviour` describes it: the commands, the login rule and the AUTH fault as handlers, the rest as policy. */
export function tlsHandlers(behaviour: FakeTlsBehaviour): HandlerSet {
  const { authReply } = behaviour;
  const auth = ftps.AUTH as Handler;
  return {
    handlers: {
      ...ftps,
      ...(authReply
        ? {
            AUTH: (session, argument, next) =>
              authRefused(authReply)(session, argument, () => auth(session, argument, next)),
          }
        : {}),
      ...(behaviour.required
        ? {
            USER: loginUnderTlsOnly,
            PASS: loginUnderTlsOnly,
            RETR: dataUnderTlsOnly,
            STOR: dataUnderTlsOnly,
            LIST: dataUnderTlsOnly,
          }
        : {}),
    },
    policy: { tls: behaviour },
  };
}
