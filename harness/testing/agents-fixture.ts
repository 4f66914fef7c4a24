import { afterAll, beforeAll } from "vitest";
import { startLocalAgents, type LocalAgents } from "./local-agent.js";

/**
 * The local agents the tests of the enclosing `describe` share: started before its first test and
 * closed after its last (`start` says which, by default both on IPv4 loopback). Call it where a
 * `describe` declares its tests; the agents it returns are there once a test runs.
 */
export function localAgents(start: () => LocalAgents = startLocalAgents): LocalAgents {
  let started: LocalAgents | undefined;
  beforeAll(() => {
    started = start();
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
