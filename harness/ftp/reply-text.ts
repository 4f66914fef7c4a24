import type { FtpReply } from "../agent/agent-protocol.js";

const SHOWN_CHARS = 300;

/** A reply as one line for messages, cut so a hostile reply cannot flood a report. */
export function replyText(reply: FtpReply): string {
  const text = reply.lines.join(" | ");
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}... (${text.length} chars)` : text;
}

export function isCode(reply: FtpReply, ...codes: number[]): boolean {
  return reply.code !== null && codes.includes(reply.code);
}

/** 1xx (preliminary), 2xx (completion) ...: the first digit of the code, or null. */
export function codeClass(reply: FtpReply): number | null {
  return reply.code === null ? null : Math.floor(reply.code / 100);
}
