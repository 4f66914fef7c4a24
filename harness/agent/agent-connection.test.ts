import { createInterface } from "node:readline";
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { AgentConnection } from "./agent-connection.js";

/**
 * A fake agent process on a stream pair: records each request line, and answers `hello` with the
 * host the request named (none: "-") once `answerAfter` requests have come, the latest first.
 */
function fakeAgent(answerAfter = 1) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const requests: Record<string, unknown>[] = [];
  const unanswered: Record<string, unknown>[] = [];
  let answering = true;
  createInterface({ input: stdin }).on("line", (line) => {
    const request = JSON.parse(line) as Record<string, unknown>;
    requests.push(request);
    unanswered.push(request);
    if (!answering || unanswered.length < answerAfter) return;
    for (const { id, as } of unanswered.splice(0).reverse())
      stdout.write(`${JSON.stringify({ id, ok: true, node: as ?? "-", allowed: 0 })}\n`);
  });
  let shutdowns = 0;
  const client = AgentConnection.overStreams("client@t", stdin, stdout, () => shutdowns++);
  return {
    client,
    requests,
    stdin,
    stdout,
    shutdowns: () => shutdowns,
    silence: () => (answering = false),
  };
}

describe("AgentConnection.forHost (one agent process, two hosts)", () => {
  it("should name the intruder in its requests and the client in none, ids unique across both", async () => {
    const agent = fakeAgent(4);
    const intruder = agent.client.forHost("intruder", "intruder@t");
    // Answered in reverse order of asking: each answer still reaches the connection that asked.
    const answers = await Promise.all([
      agent.client.request("hello", {}),
      intruder.request("hello", {}),
      agent.client.request("hello", {}),
      intruder.request("hello", {}),
    ]);
    expect(answers.map((answer) => answer.node)).toEqual(["-", "intruder", "-", "intruder"]);
    expect(agent.requests.map((request) => request.as)).toEqual([undefined, "intruder", undefined, "intruder"]);
    expect(new Set(agent.requests.map((request) => request.id)).size).toBe(4);
  });

  it("should keep the intruder working after the client closes, and shut the streams with the last", async () => {
    const agent = fakeAgent();
    const intruder = agent.client.forHost("intruder", "intruder@t");
    agent.client.close();
    agent.client.close();
    await expect(agent.client.request("hello", {})).rejects.toThrow("agent client@t closed");
    expect((await intruder.request("hello", {})).node).toBe("intruder");
    expect(agent.shutdowns()).toBe(0);
    expect(agent.stdin.writableEnded).toBe(false);
    intruder.close();
    intruder.close();
    expect(agent.shutdowns()).toBe(1);
    expect(agent.stdin.writableEnded).toBe(true);
    await expect(intruder.request("hello", {})).rejects.toThrow("agent intruder@t closed");
  });

  it("should fail only the closing connection's outstanding requests", async () => {
    const agent = fakeAgent(2);
    const intruder = agent.client.forHost("intruder", "intruder@t");
    const clientHello = agent.client.request("hello", {});
    agent.client.close();
    await expect(clientHello).rejects.toThrow("agent client@t closed");
    // The agent answers both once the intruder's request comes: the client's answer is dropped.
    expect((await intruder.request("hello", {})).node).toBe("intruder");
  });

  it("should fail both hosts' outstanding requests when the agent ends, and later ones at once", async () => {
    const agent = fakeAgent();
    agent.silence();
    const intruder = agent.client.forHost("intruder", "intruder@t");
    const waits = [agent.client.request("hello", {}), intruder.request("hello", {})];
    agent.stdout.end();
    await expect(waits[0]).rejects.toThrow("agent client@t closed its output");
    await expect(waits[1]).rejects.toThrow("agent intruder@t closed its output");
    const late = agent.client.forHost("intruder", "late@t");
    await expect(late.request("hello", {})).rejects.toThrow("agent late@t closed its output");
  });

  it("should wait for a first answer as long as the caller gives it, not the operation's default", async () => {
    vi.useFakeTimers();
    try {
      const agent = fakeAgent();
      agent.silence();
      let failed: Error | undefined;
      const hello = agent.client.request("hello", {}, 21000).catch((error: Error) => (failed = error));
      await vi.advanceTimersByTimeAsync(20000);
      expect(failed).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1000);
      await hello;
      expect(failed?.message).toBe("agent client@t: no answer to hello within 21000 ms");
    } finally {
      vi.useRealTimers();
    }
  });
});
