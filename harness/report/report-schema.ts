import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { packageRoot } from "../paths.js";
import { REPORT_SCHEMA_VERSION } from "./run-report.js";

/** report.json's JSON Schema, kept in the repository: schema/report.v<version>.schema.json. */
export const reportSchemaPath = (): string =>
  join(packageRoot(), "schema", `report.v${REPORT_SCHEMA_VERSION}.schema.json`);

let validator: ValidateFunction | undefined;

/**
 * Why `value` is not a report.json of this schema version, in one line naming the field
 * (`results[3].skipKind: must be one of ...`), or null when it is one.
 */
export function reportSchemaError(value: unknown): string | null {
  validator ??= new Ajv({ allErrors: false }).compile(JSON.parse(readFileSync(reportSchemaPath(), "utf8")));
  if (validator(value)) return null;
  const error = validator.errors?.[0];
  return error ? describeError(error) : "does not match the report schema";
}

/** `/results/3/verdict` as `results[3].verdict`; the report itself as `report`. */
function fieldName(pointer: string): string {
  const name = pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
  return name || "report";
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const field = (child: unknown) => fieldName(`${at}/${String(child)}`);
  switch (error.keyword) {
    case "required":
      return `${field(params.missingProperty)}: missing`;
    case "additionalProperties":
      return `${field(params.additionalProperty)}: unknown field`;
    case "enum":
      return `${fieldName(at)}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `${fieldName(at)}: must be ${JSON.stringify(params.allowedValue)}`;
    case "not":
      // The schema's only `not`: a decided result has no skipKind.
      return `${field("skipKind")}: allowed only with verdict "skipped" or "not-applicable"`;
    default:
      return `${fieldName(at)}: ${error.message ?? "does not match the report schema"}`;
  }
}
