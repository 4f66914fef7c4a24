import { describe, expect, it } from "vitest";
import { localAgent } from "../../testing/agents-fixture.js";

describe("agent data.silent-port", () => {
  const agent = localAgent();

  it("should give a port on the agent's own address where a dial meets silence, then release it", async () => {
    const silent = await agent.request("data.silent-port", { holdMs: 1500 });
    expect(silent).toMatchObject({ address: "127.0.0.1", silent: true });
    expect(silent.fillers).toBeGreaterThan(0);
    const during = await agent.request("tcp.probe", { host: silent.address, port: silent.port, timeoutMs: 500 });
    expect(during.outcome).toBe("timeout");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await agent.request("tcp.probe", { host: silent.address, port: silent.port, timeoutMs: 500 });
    expect(after.outcome).toBe("refused");
  });

  it("should answer other requests while the port is held", async () => {
    await agent.request("data.silent-port", { holdMs: 3000 });
    expect((await agent.request("hello", {})).node).toMatch(/^v/);
  });
});
