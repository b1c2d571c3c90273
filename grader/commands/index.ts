/**
 * The commands of flowgrade, in the order help lists them. Each is a table (cli-args.ts
 * CommandSpec) plus a thin `run` over its module.
 */
import type { CommandSpec } from "../cli-args";
import { CHECK_COMMAND } from "./check";
import { EXPORT_COMMAND } from "./export";
import { GRADE_COMMAND } from "./grade";
import { GRADE_CLASS_COMMAND } from "./grade-class";
import { MERGE_COMMAND } from "./merge";
import { RELEASE_COMMAND } from "./release";
import { RUBRIC_COMMAND } from "./rubric";

export const COMMANDS: readonly CommandSpec[] = [GRADE_COMMAND, CHECK_COMMAND, GRADE_CLASS_COMMAND, MERGE_COMMAND, EXPORT_COMMAND, RUBRIC_COMMAND, RELEASE_COMMAND];
