import { afterAll, beforeAll } from "vitest";
import type { AgentConnection } from "../agent/agent-connection.js";
import { prepareFakeTls } from "./fake-tls.js";
import { startLocalAgent, startLocalAgents, type LocalAgents } from "./local-agent.js";

/**
 * The local agents the tests of the enclosing `describe` share: started before its first test and
 * closed after its last (`start` says which, by default both on IPv4 loopback). Call it where a
 * `describe` declares its tests; the agents it returns are there once a test runs, each having
 * answered `hello`, and the fake's certificate is made, so that neither a slow start on a loaded
 * machine nor that synchronous work is taken out of a check's waits.
 */
export function localAgents(start: () => LocalAgents = startLocalAgents): LocalAgents {
  let started: LocalAgents | undefined;
  beforeAll(async () => {
    prepareFakeTls();
    started = start();
    await Promise.all([started.client.request("hello", {}), started.intruder.request("hello", {})]);
  });
  afterAll(() => started?.close());
  const running = (): LocalAgents => {
    if (!started) throw new Error("local agents are only there while a test runs");
    return started;
  };
  return {
    get client() {
      return running().client;
    },
    get intruder() {
      return running().intruder;
    },
    close: () => running().close(),
  };
}

/**
 * One local agent the tests of the enclosing `describe` share, started before its first test and
 * closed after its last, ready as localAgents has the pair.
 */
export function localAgent(start: () => AgentConnection = () => startLocalAgent()): AgentConnection {
  let started: AgentConnection | undefined;
  beforeAll(async () => {
    prepareFakeTls();
    started = start();
    await started.request("hello", {});
  });
  afterAll(() => started?.close());
  return new Proxy({} as AgentConnection, {
    get: (_target, key) => {
      if (!started) throw new Error("the local agent is only there while a test runs");
      const value: unknown = Reflect.get(started, key, started);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
  });
}
