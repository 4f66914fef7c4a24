import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgainstFake } from "../harness/testing/fake-environment.js";
import { startLocalAgents, type LocalAgents } from "../harness/testing/local-agent.js";
import { listenerReplaced } from "./listener.js";
import { looksSequential, portsFirewallWindow, portsInRange, portsUnpredictable } from "./ports.js";

describe("port range and listener checks", () => {
  let agents: LocalAgents;
  beforeAll(() => {
    agents = startLocalAgents();
  });
  afterAll(() => agents.close());

  it("should pass against a correct server", async () => {
    for (const check of [portsInRange, portsUnpredictable, listenerReplaced]) {
      const [result] = await runAgainstFake(agents, check, {});
      expect(result, `${check.id}: ${result?.observed}`).toMatchObject({ verdict: "pass" });
    }
  });

  it("ports.in-range should fail naming ports outside the range", async () => {
    const [result] = await runAgainstFake(agents, portsInRange, { epsvReply: () => "229 (|||999|)" });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^25 of 50 outside: EPSV 999/);
    expect(result?.hint).toContain("fake_range=1024-65535");
  });

  it("ports.unpredictable should report ports handed out in sequence", async () => {
    const [result] = await runAgainstFake(agents, portsUnpredictable, { sequentialPortsFrom: 41000 });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toMatch(/^predictable: 410\d\d, 410\d\d/);
  });

  it("looksSequential should tell sequences from random picks", () => {
    expect(looksSequential([30000, 30001, 30002, 30003, 30004])).toBe(true);
    expect(looksSequential([30004, 30004, 30004, 30004])).toBe(true);
    expect(looksSequential([30003, 30007, 30001, 30009, 30002, 30005])).toBe(false);
  });

  it("listener.replaced should report a first listener that still accepts", async () => {
    const [result] = await runAgainstFake(agents, listenerReplaced, { keepOldListeners: true });
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toContain("the first: connected");
  });

  it("ports.in-range should not apply behind the FTP helper, which picks the ports", async () => {
    const [result] = await runAgainstFake(agents, portsInRange, {}, { scenario: "nat-alg" });
    expect(result?.verdict).toBe("skipped");
    expect(result?.observed).toContain("the gateway's FTP helper picks the ports clients see");
  });

  it("ports.firewall-window should pass when every advertised port answers", async () => {
    const [result] = await runAgainstFake(agents, portsFirewallWindow, {}, { scenario: "nat" });
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toMatch(/^20 of 20 advertised ports \(100%\) let through/);
  });

  it("ports.firewall-window should give the share let through and name the cause", async () => {
    // Every other EPSV names a port nothing answers on, as a firewall dropping half the range does.
    let n = 0;
    const [result] = await runAgainstFake(
      agents,
      portsFirewallWindow,
      { epsvReply: (port) => `229 (|||${n++ % 2 === 0 ? port : 1}|)` },
      { scenario: "partial-firewall" },
    );
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toMatch(/^10 of 20 advertised ports \(50%\) let through; blocked: 1; /);
    expect(result?.observed).toContain("The firewall forwards fewer ports than the server's passive range");
    expect(result?.hint).toContain("forward the whole range 1024-65535");
  });

  it("ports.firewall-window should not apply where no passive range is forwarded", async () => {
    const [result] = await runAgainstFake(agents, portsFirewallWindow, {});
    expect(result?.verdict).toBe("skipped");
  });
});
