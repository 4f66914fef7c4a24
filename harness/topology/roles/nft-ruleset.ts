/**
 * A gateway's NAT and FTP helper as one nftables ruleset, the way firewalld builds them: DNAT and
 * masquerade in nat chains, the helper as a `ct helper` object a rule attaches to control
 * connections (since Linux 4.7 no helper is attached by itself). Rendered from the same typed rules
 * as the iptables commands (network-commands.ts). Pure.
 */
import { parseAddress, parseSubnet } from "../../util/ip-address.js";
import type { PortRange } from "../network-facts.js";
import { shiftedPorts, type GatewayRule } from "./network-commands.js";

/** The table every rule of the ruleset lives in. */
export const NFT_TABLE = "ftpc";
/** The ct helper object's name, as firewalld names its own. */
export const NFT_FTP_HELPER = "ftp-standard";

const ports = (list: readonly PortRange[]) =>
  list.map((range) => (range.min === range.max ? String(range.min) : `${range.min}-${range.max}`)).join(", ");

/** An address or subnet from a typed rule, checked: the ruleset goes to nft as one argument, never through a shell. */
function literal(text: string): string {
  if (!parseAddress(text) && !parseSubnet(text)) throw new Error(`not an address for an nft rule: '${text}'`);
  return text;
}

/** The ruleset for these rules (IPv4: dnat, snat, hairpin snat and the FTP helper; a firewall rule is not rendered in nft). */
export function nftRuleset(rules: readonly GatewayRule[]): string {
  const prerouting: string[] = [];
  const postrouting: string[] = [];
  const helpers: string[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case "dnat":
        prerouting.push(
          `ip daddr ${literal(rule.publicAddress)} tcp dport { ${ports(rule.ports)} } dnat to ${literal(rule.serverAddress)}`,
        );
        break;
      case "shifted-dnat":
        for (const { external, internal } of shiftedPorts(rule)) {
          prerouting.push(
            `ip daddr ${literal(rule.publicAddress)} tcp dport ${external} dnat to ${literal(rule.serverAddress)}:${internal}`,
          );
        }
        break;
      case "snat":
        postrouting.push(`ip saddr ${literal(rule.source)} meta l4proto tcp snat to ${literal(rule.publicAddress)}`);
        break;
      case "hairpin-snat":
        postrouting.push(
          `ip saddr ${literal(rule.lan)} ip daddr ${literal(rule.server)} ct status dnat meta l4proto tcp ` +
            `snat to ${literal(rule.source)}`,
        );
        break;
      case "ftp-helper":
        if (rule.family !== "ipv4") throw new Error("the nft gateway renders IPv4 rules only");
        helpers.push(`tcp dport ${rule.controlPort} ct helper set "${NFT_FTP_HELPER}"`);
        break;
      case "firewall":
      case "inbound-snat":
      case "extra-address":
        throw new Error(`the nft gateway renders no ${rule.kind} rule; use the iptables gateway`);
    }
  }
  const chain = (name: string, hook: string, body: readonly string[]) =>
    [`  chain ${name} {`, `    ${hook}`, ...body.map((line) => `    ${line}`), "  }"].join("\n");
  return [
    `table ip ${NFT_TABLE} {`,
    ...(helpers.length > 0 ? [`  ct helper ${NFT_FTP_HELPER} {`, '    type "ftp" protocol tcp', "  }"] : []),
    chain("prerouting", "type nat hook prerouting priority dstnat; policy accept;", prerouting),
    chain("postrouting", "type nat hook postrouting priority srcnat; policy accept;", postrouting),
    ...(helpers.length > 0
      ? [chain("helpers", "type filter hook prerouting priority filter; policy accept;", helpers)]
      : []),
    "}",
  ].join("\n");
}
