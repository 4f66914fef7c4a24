import type { CheckContext } from "./check-context.js";
import type { Level } from "../levels.js";
import type { CheckOutcome } from "./outcome.js";
import type { TargetSpec } from "../targets/target-spec.js";
import { ScenarioSpec } from "../topology/scenario.js";

/**
 * How a check shares its pair's server with the pair's other checks (harness/checks/run-checks.ts):
 * - `shared`: it runs in the pair's shared pool beside other shared checks (format, transfer, TLS,
 *   address, active-mode and client checks). A verdict other than a pass that it reached beside
 *   other checks is not taken: it runs again alone, and that result is its verdict. Two sessions
 *   asking for passive ports at once are not independent (ProFTPD 1.3.8 answers PASV now and then
 *   with "425 PASV: Address already in use" while another session takes a port; vsftpd gives up
 *   after nine random tries when others hold most of the range), and a server must get the same
 *   verdicts on every run;
 * - `alone`: nothing else runs while it does: it samples or holds the passive range (ports.*,
 *   listener.*), or its evidence is the order of sessions or of connections to a data port
 *   (active.session-end, the intruder checks) or a time the server keeps (active.connect-timeout),
 *   which other checks' sessions would blur;
 * - `last`: after every other check, alone (server.alive).
 * A check that declares nothing runs alone; suites/catalogue.test.ts makes every catalogued check declare one.
 */
export type CheckConcurrency = "shared" | "alone" | "last";

/** A conformance check as data: its stable ID, where the requirement comes from, and how to test it. */
export interface CheckDefinition {
  /** Stable: reports, JUnit names and CLI filters use it. */
  id: string;
  title: string;
  /** The normative source, e.g. "RFC 959 section 4.1.1". */
  source: string;
  /** The requirement in words: what a conformant server does. */
  requirement: string;
  level: Level;
  /** Whether it may run beside the pair's other checks; absent: alone. */
  concurrency?: CheckConcurrency;
  /**
   * Its sessions have the server open data connections to the client (PORT/EPRT). A shared check marked
   * so runs alone once a result showed that a session ending after active mode stops the server serving
   * another (cause session-end-stops-other-session, active.session-end): then one check's sessions could
   * cost another its verdict.
   */
  activeMode?: boolean;
  /** Run once per variant (e.g. PASV and EPSV); results are named `id[variant]`. */
  variants?: readonly string[];
  /**
   * The check connects to one advertised data port: where the scenario leaves that to chance (a
   * firewall forwarding part of the range), it is not decided there.
   */
  dialsDataPort?: boolean;
  /**
   * Why the check does not apply in this scenario, or null when it does; asked once per variant
   * (`variant` undefined for a check without variants), so one variant may apply where another does not.
   */
  notApplicable?: (scenario: ScenarioSpec, target: TargetSpec, variant?: string) => string | null;
  run(context: CheckContext, variant: string | undefined): Promise<CheckOutcome>;
}
