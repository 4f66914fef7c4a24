import type { FakePolicy } from "./policy.js";
import type { FakeSession } from "./session.js";

/** What the command beneath does: the handler of the set under this one, or 502 at the bottom. */
export type Next = () => void | Promise<void>;

/** Serves one command (its verb is the table's key): replies through the session, or calls `next` to let the set beneath serve it. */
export type Handler = (session: FakeSession, argument: string, next: Next) => void | Promise<void>;

/** Verb (upper case) -> handler. */
export type HandlerTable = Readonly<Partial<Record<string, Handler>>>;

/** Sees every command before its handler does (the old `command` hook); `next` serves it as usual. */
export type CommandFilter = (session: FakeSession, verb: string, argument: string, next: Next) => void | Promise<void>;

/**
 * A way a server behaves, composed over the correct server: handlers for the commands it serves
 * differently, and policy where the behaviour is not one command's (which data connections are
 * accepted, how replies are worded and delayed, which ports listeners take).
 */
export interface HandlerSet {
  handlers?: HandlerTable;
  every?: CommandFilter;
  policy?: Partial<FakePolicy>;
}

/** The bottom of every chain: a command no set serves. */
const notImplemented: Handler = (session) => session.reply("502 command not implemented");

/** Serves one command through `sets` (the first is the bottom): the last set's handler first, each `next` one set down. */
export function dispatch(sets: readonly HandlerSet[], session: FakeSession, verb: string, argument: string) {
  const layers: Handler[] = [];
  for (const set of sets) {
    const own = set.handlers?.[verb];
    if (own) layers.push(own);
    const every = set.every;
    if (every) layers.push((s, a, next) => every(s, verb, a, next));
  }
  const serve = (index: number): void | Promise<void> => {
    const handler = layers[index];
    return handler ? handler(session, argument, () => serve(index - 1)) : notImplemented(session, argument, noop);
  };
  return serve(layers.length - 1);
}

const noop: Next = () => undefined;

/** The policy of `sets` composed in order: each set's fields over those beneath. */
export function composePolicy(defaults: FakePolicy, sets: readonly HandlerSet[]): FakePolicy {
  const policy = { ...defaults };
  for (const set of sets) {
    for (const [key, value] of Object.entries(set.policy ?? {})) {
      if (value !== undefined) Object.assign(policy, { [key]: value });
    }
  }
  return policy;
}

/** A handler that answers with `text`. */
export const reply =
  (text: string): Handler =>
  (session) =>
    session.reply(text);

/** A handler that never answers. */
export const hang: Handler = () => undefined;

/** A handler that closes the control connection without a reply. */
export const closeControl: Handler = (session) => session.destroy();

/** A handler that writes `bytes` with no line end and then hangs: a reply cut mid-line. */
export const raw =
  (bytes: string): Handler =>
  (session) =>
    session.writeRaw(bytes);

/** `handler` for the command with exactly this argument (EPSV 4, EPSV ALL); anything else goes on down. */
export const withArgument =
  (argument: string, handler: Handler): Handler =>
  (session, given, next) =>
    given === argument ? handler(session, given, next) : next();

/** A handler that answers with each of `texts` in turn, then with the last again. */
export const inTurn = (texts: readonly string[]): Handler => {
  let next = 0;
  return (session) => session.reply(texts[Math.min(next++, texts.length - 1)] ?? "");
};

/**
 * Handlers for `verbs` counting their commands together in each session: the first `from - 1` go on
 * down, from the `from`th on `handler` answers (a series of transfers that stops at the 3rd).
 */
export function fromNth(from: number, verbs: readonly string[], handler: Handler): HandlerTable {
  const counts = new WeakMap<FakeSession, number>();
  const counted: Handler = (session, argument, next) => {
    const count = (counts.get(session) ?? 0) + 1;
    counts.set(session, count);
    return count >= from ? handler(session, argument, next) : next();
  };
  return Object.fromEntries(verbs.map((verb) => [verb, counted]));
}
