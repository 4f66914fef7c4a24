import type { CheckResult } from "../checks/check-result.js";
import type { RunReport } from "./run-report.js";

export const CLIENT_MATRIX_INTRO =
  "Each client downloads one file with its own passive-mode defaults. A client that uses EPSV or ignores " +
  "the 227 address survives a server that advertises the wrong address; one that follows the 227 " +
  '(curl-strict) does not: that is why a server can "work in FileZilla" and still be misconfigured. The ' +
  "-active clients use PORT/EPRT: the server connects back to the address they name, which a client-side NAT " +
  "without the FTP helper hides.";

export interface ClientMatrix {
  /** target / scenario pairs with client results, in report order. */
  columns: Array<{ target: string; scenario: string }>;
  rows: Array<{ client: string; cells: Array<{ result: CheckResult; mode: string | null } | null> }>;
}

/** Which real client got its file in which target x scenario, and by which passive command. Pure. */
export function clientMatrix(report: RunReport): ClientMatrix {
  const results = report.results.filter((r) => r.check.startsWith("client."));
  const columns = report.targets.flatMap((target) =>
    report.scenarios
      .filter((scenario) => results.some((r) => r.target === target && r.scenario === scenario))
      .map((scenario) => ({ target, scenario })),
  );
  const rows = [...new Set(results.map((r) => r.check))].map((check) => ({
    client: check.slice("client.".length),
    cells: columns.map(({ target, scenario }) => {
      const result = results.find((r) => r.check === check && r.target === target && r.scenario === scenario);
      if (!result) return null;
      const sent = result.dataCommands;
      return { result, mode: sent ? (sent.length > 0 ? sent.join(", ") : "none seen") : null };
    }),
  }));
  return { columns, rows };
}
