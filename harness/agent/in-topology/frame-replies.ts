import type { FtpReply } from "../agent-protocol.js";

/** Longest control line kept; a longer one (or a longer unterminated tail) ends the session. */
export const MAX_LINE_BYTES = 8192;
/** Most lines one multi-line reply may have. */
export const MAX_REPLY_LINES = 200;

/** What the framer carries between chunks: an unterminated line, and a multi-line reply still open. */
export interface FramerState {
  partial: string;
  open: FtpReply | null;
}

export const EMPTY_FRAMER: FramerState = { partial: "", open: null };

export interface Framed {
  /** Replies completed by this chunk, in order. */
  replies: FtpReply[];
  state: FramerState;
  /** Set when the stream broke the limits: nothing after it can be framed. */
  failure: "line-too-long" | "reply-too-long" | null;
}

/**
 * Splits a control-connection byte stream (latin1 text) into FTP replies, RFC 959 section 4.2: a
 * first line "ddd-" opens a multi-line reply that ends at a line starting "ddd " (or "ddd" alone).
 * A line that does not start with three digits is a reply of its own with code null, so a check
 * can report it. Lines end at LF, a CR before it is dropped. Pure: feed it each chunk with the
 * state the previous call returned.
 */
export function frameReplies(state: FramerState, chunk: string): Framed {
  const replies: FtpReply[] = [];
  let open = state.open;
  let text = state.partial + chunk;
  let index: number;
  while ((index = text.indexOf("\n")) >= 0) {
    const line = text.slice(0, index).replace(/\r$/, "");
    text = text.slice(index + 1);
    if (line.length > MAX_LINE_BYTES) return { replies, state: { partial: "", open }, failure: "line-too-long" };
    if (open === null) {
      const match = /^(\d{3})(-?)/.exec(line);
      if (!match) replies.push({ code: null, lines: [line] });
      else if (match[2] === "-") open = { code: Number(match[1]), lines: [line] };
      else replies.push({ code: Number(match[1]), lines: [line] });
      continue;
    }
    open = { code: open.code, lines: [...open.lines, line] };
    if (line.startsWith(`${open.code} `) || line === String(open.code)) {
      replies.push(open);
      open = null;
    } else if (open.lines.length > MAX_REPLY_LINES) {
      return { replies, state: { partial: "", open }, failure: "reply-too-long" };
    }
  }
  if (text.length > MAX_LINE_BYTES) return { replies, state: { partial: "", open }, failure: "line-too-long" };
  return { replies, state: { partial: text, open }, failure: null };
}
