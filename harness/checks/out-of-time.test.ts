import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Transcript } from "../ftp/transcript.js";
import { outOfTime } from "./run-check.js";

describe("outOfTime", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A transcript whose server spoke at each of `spokeAt` (ms), read at `limitMs`. */
  const heardAt = (spokeAt: number[], limitMs: number) => {
    const transcript = new Transcript();
    for (const at of spokeAt) {
      vi.setSystemTime(new Date(Date.now() + at - transcript.elapsed()));
      transcript.server([`227 reply at ${at}`]);
    }
    vi.setSystemTime(new Date(Date.now() + limitMs - transcript.elapsed()));
    return transcript;
  };

  it.each([
    {
      spokeAt: [1000, 30000, 59000],
      status: "skipped",
      observed:
        /^the check's overall limit of 60 s ran out .* \(3 reply lines, the last 1 s before the limit\): a slow server/,
    },
    { spokeAt: [1000, 55000], status: "skipped", observed: /the last 5 s before the limit/ },
    {
      spokeAt: [1000, 54000],
      status: "fail",
      observed: /^the server stopped answering .*nothing heard in its last 6 s\)$/,
    },
    { spokeAt: [], status: "fail", observed: /^the server stopped answering .*nothing heard in its last 60 s\)$/ },
  ])("server lines at $spokeAt ms, limit 60 s, 5 s per reply: $status", ({ spokeAt, status, observed }) => {
    const outcome = outOfTime(60000, heardAt(spokeAt, 60000), 5000);
    expect(outcome.status).toBe(status);
    expect(outcome.observed).toMatch(observed);
    // Only the slow server's skip is out of time (the run incomplete); silence is a verdict.
    expect(outcome.skipKind).toBe(status === "skipped" ? "out-of-time" : undefined);
  });

  it("should still see the last reply of a transcript cut at its entry cap", () => {
    const lines = Array.from({ length: 450 }, (_, i) => i * 100);
    const transcript = heardAt(lines, 45000);
    expect(transcript.entries.length).toBeLessThan(450);
    expect(outOfTime(45000, transcript, 5000).status).toBe("skipped");
  });
});
