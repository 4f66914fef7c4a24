/**
 * The verdicts the built-in servers earn in their shipped configuration, as shared/CATALOGUE.md's
 * "Known behaviours" says their source makes them behave. A harness change that flips one is
 * caught here. Unlisted results must pass; "a|b" accepts either.
 */
const NAT_UNADVERTISED = {
  "pasv.connectable": "xfail",
  "address.public": "xfail",
  "transfer.retr[pasv]": "xfail",
  "transfer.stor[pasv]": "xfail",
  "transfer.list[pasv]": "xfail",
};
/** address.alg-rewrite applies only behind the FTP helper; ports.in-range only without it. */
const NO_HELPER = { "address.alg-rewrite": "skipped" };
/** ports.firewall-window applies only where the gateway forwards a passive range. */
const DIRECT = { ...NO_HELPER, "address.epsv-through-nat": "skipped", "ports.firewall-window": "skipped" };
const NAT = NO_HELPER;
const NAT_ALG = { "ports.in-range": "skipped", "ports.firewall-window": "skipped" };
/** Behind the partial firewall these pass or fail by the port the server picks. */
const PARTIAL_FIREWALL = {
  ...NO_HELPER,
  "ports.firewall-window": "info",
  ...Object.fromEntries(
    [
      "pasv.connectable",
      "epsv.connectable",
      "address.epsv-through-nat",
      "data.client-survives-intruder",
      ...["retr", "stor", "list"].flatMap((t) => [`transfer.${t}[pasv]`, `transfer.${t}[epsv]`]),
    ].map((name) => [name, "pass|xfail"]),
  ),
};
/** vsftpd 3.0.3: EPRT still accepted after EPSV ALL; 522 without a protocol list. */
const VSFTPD = { "epsv.all": "fail", "epsv.net-prt-list": "non-strict" };
export const KNOWN_VERDICTS: Record<string, Record<string, Record<string, string>>> = {
  vsftpd: {
    direct: { ...DIRECT, ...VSFTPD },
    nat: { ...NAT, ...VSFTPD },
    "nat-unadvertised": { ...NAT, ...NAT_UNADVERTISED, ...VSFTPD },
    "nat-alg": { ...NAT_ALG, ...VSFTPD },
    "partial-firewall": { ...PARTIAL_FIREWALL, ...VSFTPD },
  },
  proftpd: {
    direct: DIRECT,
    nat: NAT,
    "nat-unadvertised": { ...NAT, ...NAT_UNADVERTISED },
    "nat-alg": NAT_ALG,
    "partial-firewall": PARTIAL_FIREWALL,
  },
};
