import type { CheckResult } from "../checks/check-result.js";
import type { FailureCauseKind } from "../topology/expected-cause.js";
import type { DiagnosisRule } from "./diagnosis.js";

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
const listed = (items: readonly string[], most = 3) =>
  items.length <= most ? items.join(", ") : `${items.slice(0, most).join(", ")} and ${items.length - most} more`;

/** A rule for the results whose evidence shows one of `kinds`: one finding per target. */
const byCause = (id: string, kinds: readonly FailureCauseKind[], finding: DiagnosisRule["finding"]): DiagnosisRule => ({
  id,
  groupOf: (result) => (result.cause && kinds.includes(result.cause.kind) ? "" : undefined),
  finding,
});

const hosts = (explained: readonly CheckResult[]) =>
  unique(explained.flatMap((r) => (r.cause?.endpoint ? [r.cause.endpoint.host] : [])));

/**
 * The causes a report names, most specific first: a failing result is explained by the first rule
 * whose evidence it shows. Each rule is table-tested from recorded results
 * (harness/diagnosis/rules.test.ts) and reproduced on the fake server (harness/diagnosis/diagnose-fake.test.ts).
 */
export const DIAGNOSIS_RULES: readonly DiagnosisRule[] = [
  {
    // The service-level root causes the probe after a failure finds (range used up, server silent or gone).
    id: "service-broke",
    groupOf: (result) => result.consequenceOf,
    finding: (_explained, evidence, group) =>
      evidence.rootCauses.find((cause) => cause.id === group)?.description ?? `root cause ${group}`,
  },
  byCause(
    "advertises-private-address",
    ["advertised-address-unreachable"],
    (explained) =>
      `advertises its private address ${listed(hosts(explained))} in its passive replies, which a client ` +
      `outside cannot reach`,
  ),
  byCause(
    "advertises-stale-address",
    ["advertised-address-stale"],
    (explained) =>
      `resolved its public host name once and keeps advertising ${listed(hosts(explained))}, the address the name ` +
      `had before it changed`,
  ),
  byCause("port-shifted-at-gateway", ["port-shifted-at-gateway"], (explained) => {
    const cause = explained.find((r) => r.cause?.range && r.cause.forwardedAs)?.cause;
    const ports = unique(explained.flatMap((r) => (r.cause?.endpoint ? [String(r.cause.endpoint.port)] : [])));
    const mapping =
      cause?.range && cause.forwardedAs
        ? ` ${cause.range.min}-${cause.range.max}, which the gateway forwards as ${cause.forwardedAs.min}-${cause.forwardedAs.max}`
        : ", which the gateway forwards under other numbers";
    return (
      `names the ports it listens on (port ${listed(ports)}) in its passive replies, and they are closed outside: ` +
      `the gateway in front shifts its passive range${mapping}. A server advertises its own port and cannot ` +
      `name another: publish the range under the same numbers on both sides`
    );
  }),
  byCause("ignores-declared-range", ["ports-outside-declared-range", "port-outside-forwarded-window"], (explained) => {
    const sampled = explained.find((r) => r.cause?.kind === "ports-outside-declared-range")?.cause;
    if (sampled?.share && sampled.range) {
      return (
        `ignores the declared passive range: ${sampled.share.seen} of ${sampled.share.of} ports outside ` +
        `${sampled.range.min}-${sampled.range.max}`
      );
    }
    const window = explained.find((r) => r.cause?.range)?.cause?.range;
    const ports = unique(explained.flatMap((r) => (r.cause?.endpoint ? [String(r.cause.endpoint.port)] : [])));
    return (
      `advertises data ports outside the forwarded range${window ? ` ${window.min}-${window.max}` : ""} ` +
      `(port ${listed(ports)})`
    );
  }),
  byCause(
    "hands-data-to-any-host",
    ["foreign-data-accepted"],
    () => "hands the data channel to any host: another address that dials the passive port first gets the file",
  ),
  byCause("listeners-outlive-sessions", ["listener-outlives-session"], (explained) => {
    const ports = unique(explained.flatMap((r) => (r.cause?.endpoint ? [String(r.cause.endpoint.port)] : [])));
    return `its passive listeners outlive their sessions (port ${listed(ports)} still accepted after QUIT)`;
  }),
  byCause("requires-tls-session-reuse", ["tls-data-connection-refused"], (explained) => {
    const clients = unique(explained.map((r) => r.check.replace(/^client\./, "")));
    return (
      `refuses the TLS data connections of ${listed(clients)} with 522: a server that requires TLS session ` +
      `reuse refuses clients that do not resume the control connection's session on the data connection`
    );
  }),
  byCause(
    "session-end-stops-other-session",
    ["session-end-stops-other-session"],
    (explained) =>
      `stops serving a control connection it accepted while a session that used active mode was ending: ` +
      `${explained[0]?.cause?.detail ?? "see the evidence"}`,
  ),
  byCause("stops-tls-series", ["tls-series-stopped"], (explained) => {
    const variants = unique(explained.map((r) => r.variant ?? r.check));
    return (
      `stops accepting a TLS session's data connections partway through the session (${listed(variants)}): ` +
      `${explained[0]?.cause?.detail ?? "see the evidence"}`
    );
  }),
  byCause(
    "control-and-data-sources-differ",
    ["control-and-data-sources-differ"],
    () =>
      "refuses data connections that reach it from another address than the control connection (its IP " +
      "check), and something on the way (a balancer's SNAT pool, a userland proxy) rewrote one source and not " +
      "the other",
  ),
  byCause("data-reached-other-replica", ["data-reached-other-replica"], (explained) => {
    const reached = unique(
      explained.flatMap((r) =>
        r.cause?.replica ? [`replica ${r.cause.replica.number} (${r.cause.replica.address})`] : [],
      ),
    );
    return (
      `its data connections reached another replica than the one whose session sent the 227/229 ` +
      `(${listed(reached)}, which had no listener for them): the balancer in front spreads connections without ` +
      `source affinity; pin a client's connections to one replica (sticky sessions by client IP) or run one replica for FTP`
    );
  }),
  byCause(
    "certificate-rejected",
    ["server-certificate-rejected"],
    (explained) =>
      `serves a certificate a verifying client rejects: ${explained[0]?.cause?.detail ?? "see the evidence"}`,
  ),
  byCause(
    "certificate-weak",
    ["server-certificate-weak"],
    (explained) =>
      `serves a certificate too weak for current clients: ${explained[0]?.cause?.detail ?? "see the evidence"}; ` +
      `reissue it on an RSA key of 2048 bits or more (or EC P-256 or larger), signed with SHA-256 or stronger`,
  ),
];
