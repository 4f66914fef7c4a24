/**
 * The mechanisms a failure's evidence can show. A scenario's expected failure must be one of these,
 * decided from evidence (what the server advertised, what the client's dial met), never from the
 * check's name alone: any other failure in the same check is a real failure. The report's diagnoses
 * (harness/diagnosis/) group a target's failures by them.
 */
export type FailureCauseKind =
  /** The server advertised an address on its private side; the client has no route to it. */
  | "advertised-address-unreachable"
  /**
   * The server was told its public address as a host name and advertises what the name resolved
   * to before it changed, not what it resolves to now: it resolved the name once, at start.
   */
  | "advertised-address-stale"
  /** The advertised data port lies outside the ports the gateway forwards. */
  | "port-outside-forwarded-window"
  /**
   * The advertised data port lies in the server's passive range, which the gateway forwards under other
   * numbers outside (external = internal + a shift): the port the 227/229 names is closed at the gateway.
   */
  | "port-shifted-at-gateway"
  /**
   * The server advertised its public address, and the gateway forwards only the control port and
   * attaches no FTP helper (the default since Linux 4.7): no data port reaches the server.
   */
  | "data-ports-not-forwarded"
  /** Behind the client's NAT without a helper: PORT/EPRT named the client's private address, which the server cannot reach. */
  | "active-address-behind-client-nat"
  /**
   * Behind the kernel FTP helper under TLS: the helper cannot read the encrypted 227, so the server's
   * private address reaches the client unrewritten and no data port is opened.
   */
  | "helper-blind-under-tls"
  /**
   * Something before the server (a load balancer's source-NAT pool, a userland proxy relaying only the
   * control port) made the control and data connections reach it from different addresses, and the
   * server, verifying the data connection's address, refused it (425/426): shown by the refusal and the
   * connection table of the host that rewrote the source.
   */
  | "control-and-data-sources-differ"
  /**
   * A balancer spreading connections over replicas of the server without source affinity sent the data
   * connection to another replica than the one whose session sent the 227/229 (no listener there):
   * shown by the failed data connection and the balancer's connection table (which replica each reached).
   */
  | "data-reached-other-replica"
  /**
   * The server's certificate is one a verifying client rejects (unknown CA, name mismatch, expired,
   * not yet valid): no scenario exists to show it, so a failure by it is always a real one.
   */
  | "server-certificate-rejected"
  /**
   * The server's certificate is signed with MD5 or SHA-1, or carries a key below 2048 bits (RSA) or
   * 256 bits (EC): clients refuse it or will. No scenario exists to show it.
   */
  | "server-certificate-weak"
  /**
   * The server handed out passive ports outside the range its profile declares (ports.in-range saw
   * them): a firewall forwarding only that range drops their data connections. No scenario shows it.
   */
  | "ports-outside-declared-range"
  /** A host other than the client got a data connection served (the server checks no peer address). */
  | "foreign-data-accepted"
  /** A session's passive listener still accepted connections after the session had ended. */
  | "listener-outlives-session"
  /** A real client's TLS data connection got 522 (as servers requiring TLS session reuse answer). */
  | "tls-data-connection-refused"
  /**
   * Under TLS, a session's series of data connections stopped after the server had accepted some of
   * them, resumed the same way (a refusal, a reset, a hang): tls.series names the transfer and how.
   */
  | "tls-series-stopped"
  /**
   * A session that used active mode ended, and another control connection the server had accepted
   * (greeted) meanwhile got no reply after that: ending one session stopped the server serving
   * another (pyftpdlib 1.5.7 unregisters a descriptor number the other connection had reused). No
   * scenario shows it; the runner then runs active-mode checks alone (harness/checks/run-checks.ts).
   */
  | "session-end-stops-other-session";

/** A failure a scenario exists to show, by its cause (decided by harness/checks/failure-cause.ts). */
export interface ExpectedCause {
  cause: FailureCauseKind;
  /** The results where it shows: `check`, `check[variant]`, or a glob as --only takes. */
  checks: readonly string[];
  /** Why the scenario shows it, for the report and the check reference. */
  why: string;
}
