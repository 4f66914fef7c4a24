import { describe, expect, it } from "vitest";
import { composePolicy, dispatch, reply, withArgument, type HandlerSet } from "./handlers.js";
import { DEFAULT_POLICY } from "./policy.js";
import type { FakeSession } from "./session.js";

/** A session that only records its replies. */
function recording(): { session: FakeSession; replies: string[] } {
  const replies: string[] = [];
  return { session: { reply: (text: string) => replies.push(text) } as unknown as FakeSession, replies };
}

describe("handler sets", () => {
  const bottom: HandlerSet = { handlers: { EPSV: reply("229 bottom"), TYPE: reply("200 type") } };

  it("should serve a command with the last set's handler, each next going one set down, and 502 beneath all", async () => {
    const over: HandlerSet = { handlers: { EPSV: withArgument("4", reply("522 over")) } };
    const { session, replies } = recording();
    for (const [verb, argument] of [
      ["EPSV", "4"],
      ["EPSV", ""],
      ["TYPE", "I"],
      ["NOOP", ""],
    ] as const) {
      await dispatch([bottom, over], session, verb, argument);
    }
    expect(replies).toEqual(["522 over", "229 bottom", "200 type", "502 command not implemented"]);
  });

  it("should let a set's filter see every command before the handlers beneath it", async () => {
    const seen: string[] = [];
    const filter: HandlerSet = {
      every: (session, verb, _argument, next) => {
        seen.push(verb);
        return verb === "TYPE" ? session.reply("421 bye") : next();
      },
    };
    const { session, replies } = recording();
    await dispatch([bottom, filter], session, "TYPE", "I");
    await dispatch([bottom, filter], session, "EPSV", "");
    expect({ seen, replies }).toEqual({ seen: ["TYPE", "EPSV"], replies: ["421 bye", "229 bottom"] });
  });

  it("should compose policies in order, a later set's field winning and an undefined one ignored", () => {
    const policy = composePolicy(DEFAULT_POLICY, [
      { policy: { acceptTimeoutMs: 100, foreignData: "accept" } },
      { policy: { acceptTimeoutMs: null, replyDelayMs: undefined } },
    ]);
    expect(policy).toMatchObject({ acceptTimeoutMs: null, foreignData: "accept", replyDelayMs: 0 });
  });
});
