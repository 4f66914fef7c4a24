import type { CheckResult } from "../checks/check-result.js";
import type { RootCause } from "../checks/root-cause.js";
import type { Diagnosis } from "../diagnosis/diagnosis.js";
import { resultName } from "./run-report.js";

const safe = (text: string) => text.replace(/[^A-Za-z0-9_.-]/g, "_");

/** The anchor of one result's evidence, in report.html and report.md alike. */
export const resultAnchor = (r: Pick<CheckResult, "target" | "scenario" | "check" | "variant">) =>
  safe(`r-${r.target}-${r.scenario}-${resultName(r)}`);

/** The anchor of a root cause's entry: its id (`target/scenario#n`) made safe for an address. */
export const causeAnchor = (cause: Pick<RootCause, "id">) => safe(`cause-${cause.id}`);

/** The anchor of a diagnosis's detail entry. */
export const diagnosisAnchor = (diagnosis: Pick<Diagnosis, "id">) => safe(`d-${diagnosis.id}`);

/** The anchor of the `index`th group of failures no diagnosis explains, in their detail section. */
export const fixAnchor = (index: number) => `fix-${index + 1}`;
