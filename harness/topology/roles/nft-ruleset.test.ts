import { describe, expect, it } from "vitest";
import { nftRuleset } from "./nft-ruleset.js";

describe("nftRuleset", () => {
  it("should write DNAT, masquerade and the helper as a ct helper object attached to the control port", () => {
    const ruleset = nftRuleset([
      {
        kind: "dnat",
        publicAddress: "203.0.113.2",
        serverAddress: "10.77.0.3",
        ports: [
          { min: 21, max: 21 },
          { min: 30000, max: 30009 },
        ],
      },
      { kind: "snat", source: "10.77.0.3", publicAddress: "203.0.113.2" },
      { kind: "ftp-helper", family: "ipv4", controlPort: 21 },
    ]);
    expect(ruleset).toBe(
      [
        "table ip ftpc {",
        "  ct helper ftp-standard {",
        '    type "ftp" protocol tcp',
        "  }",
        "  chain prerouting {",
        "    type nat hook prerouting priority dstnat; policy accept;",
        "    ip daddr 203.0.113.2 tcp dport { 21, 30000-30009 } dnat to 10.77.0.3",
        "  }",
        "  chain postrouting {",
        "    type nat hook postrouting priority srcnat; policy accept;",
        "    ip saddr 10.77.0.3 meta l4proto tcp snat to 203.0.113.2",
        "  }",
        "  chain helpers {",
        "    type filter hook prerouting priority filter; policy accept;",
        '    tcp dport 21 ct helper set "ftp-standard"',
        "  }",
        "}",
      ].join("\n"),
    );
  });

  it("should declare no helper object where no rule attaches one", () => {
    const ruleset = nftRuleset([{ kind: "snat", source: "10.77.0.0/24", publicAddress: "203.0.113.2" }]);
    expect(ruleset).not.toContain("ct helper");
    expect(ruleset).not.toContain("chain helpers");
  });

  it("should refuse what it does not render, and a value that is not an address", () => {
    expect(() => nftRuleset([{ kind: "firewall", family: "ipv4", server: "10.77.0.3", ports: [] }])).toThrow(
      "renders no firewall rule",
    );
    const injected = { kind: "snat", source: "10.77.0.3; flush ruleset", publicAddress: "203.0.113.2" } as const;
    expect(() => nftRuleset([injected])).toThrow("not an address");
  });

  it("should write a shifted DNAT as one rule per port, to the server's port", () => {
    const ruleset = nftRuleset([
      {
        kind: "shifted-dnat",
        publicAddress: "203.0.113.2",
        serverAddress: "10.77.0.3",
        ports: { min: 30000, max: 30001 },
        shift: 10000,
      },
    ]);
    expect(ruleset).toContain(
      [
        "    ip daddr 203.0.113.2 tcp dport 40000 dnat to 10.77.0.3:30000",
        "    ip daddr 203.0.113.2 tcp dport 40001 dnat to 10.77.0.3:30001",
      ].join("\n"),
    );
  });

  it("should write hairpin NAT as a source NAT of the DNATed connections from the LAN to the server", () => {
    const ruleset = nftRuleset([
      { kind: "hairpin-snat", lan: "10.77.0.0/24", server: "10.77.0.3", source: "10.77.0.2" },
    ]);
    expect(ruleset).toContain(
      "    ip saddr 10.77.0.0/24 ip daddr 10.77.0.3 ct status dnat meta l4proto tcp snat to 10.77.0.2",
    );
  });
});
