/**
 * One ajv instance for the grader's JSON Schemas (draft-07, in grader/schemas/), with compiled
 * validators cached by file name and errors formatted on one line each.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMAS_DIR } from "./paths";

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const cache = new Map<string, ValidateFunction>();

/** The validator of grader/schemas/<file>. */
export function schemaValidator(file: string): ValidateFunction {
  let validate = cache.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, file), "utf8")));
    cache.set(file, validate);
  }
  return validate;
}

/** "/tests/0/status must be equal to one of the allowed values (passed, failed)"; one per error. */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${e.instancePath || "/"} ${e.message ?? "is invalid"}${allowed ? ` (${allowed.join(", ")})` : ""}${extra ? ` ("${extra}")` : ""}`;
  });
}

/** Validates `value` against grader/schemas/<file>; returns the problems (empty when valid). */
export function schemaProblems(file: string, value: unknown): string[] {
  const validate = schemaValidator(file);
  return validate(value) ? [] : formatSchemaErrors(validate.errors);
}
