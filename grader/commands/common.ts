/**
 * What the grade, check and grade-class commands share: the options that tune grading, and their
 * translation into GradeOptions.
 */
import { numberOption, type ParsedArgs } from "../cli-args";
import type { GradeOptions } from "../core/grade-submission";

export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM: running workers are killed and the results still written. */
  signal?: AbortSignal;
}

export const GRADING_VALUE_OPTIONS = ["rubric", "timeout-ms", "likelihood-timeout-ms", "memory-mb", "concurrency"] as const;
export const GRADING_BOOLEAN_OPTIONS = ["keep-staging", "quiet", "help"] as const;

/** GradeOptions from the shared options; throws UsageError on a bad number. */
export function gradingOptions(args: ParsedArgs, io: CommandIO): GradeOptions {
  const o = args.options;
  return {
    rubricPath: typeof o.rubric === "string" ? o.rubric : undefined,
    limits: {
      exerciseTimeoutMs: numberOption(o, "timeout-ms", 100),
      likelihoodTimeoutMs: numberOption(o, "likelihood-timeout-ms", 100),
      memoryMb: numberOption(o, "memory-mb", 64),
      concurrency: numberOption(o, "concurrency", 1),
    },
    keepStaging: o["keep-staging"] === true,
    env: io.env,
    signal: io.signal,
  };
}
