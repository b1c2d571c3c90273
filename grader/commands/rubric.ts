/**
 * `flowgrade rubric --new-hidden --secret-file F [--out private.json] [--rubric base.json] [--only …]`:
 * a private rubric for a new term. The hidden cases are derived from the secret (term/derive-
 * hidden.ts); the reference solutions (solutions/, so only in the instructor's repository) are
 * graded on them, and the rubric is written only when they get full marks, else the next draw
 * from the same secret is tried (3 in all) before refusing. Everything else (points, tolerances,
 * limits, the likelihood tests) comes from the base rubric. With --only, only the families of
 * cases whose exercises are all graded are replaced (the others are kept and named), to verify
 * quickly. `flowgrade release --rubric private.json` then builds the autograder from it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkReadableFile, checkWritableFile, UsageError, type CommandSpec, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { gradeSubmission } from "../core/grade-submission";
import { REPO_ROOT } from "../core/paths";
import { selectExercises } from "../core/plan";
import { validateRubric } from "../core/rubric";
import { atomicWriteFile } from "../outputs/atomic-write";
import { CASE_FAMILY_EXERCISES, deriveHiddenCases, secretFromText, type HiddenCases } from "../term/derive-hidden";
import { GRADING_OPTIONS, InstructorError, preflightRubric, reportInstructorError, type CommandIO } from "./common";

const ATTEMPTS = 3;

export const RUBRIC_COMMAND: CommandSpec = {
  name: "rubric",
  summary: "Write a private rubric with new hidden cases derived from a secret (a fresh hidden set per term), checked on the reference solutions.",
  positionals: [],
  options: [
    { name: "new-hidden", kind: "flag", help: "derive new hidden cases (required: the only action today)" },
    { name: "secret-file", kind: "file", help: "a file holding the term's secret (≥ 16 characters; e.g. openssl rand -hex 32 > term.secret); keep it private" },
    { name: "out", kind: "out-file", help: "the private rubric to write (default private.json)" },
    ...GRADING_OPTIONS.filter((o) => o.name === "rubric" || o.name === "only" || o.name === "concurrency"),
  ],
  details: "Exit: 0 written (the solutions get full marks on the new cases); 2 usage error, or no draw the solutions pass (nothing written).",
  run: rubricCommand,
};

export async function rubricCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  if (args.options["new-hidden"] !== true) throw new UsageError("rubric needs --new-hidden: flowgrade rubric --new-hidden --secret-file <file> [--out private.json]");
  if (typeof args.options["secret-file"] !== "string") throw new UsageError("rubric --new-hidden needs --secret-file <file>");
  const out = typeof args.options.out === "string" ? args.options.out : checkWritableFile("private.json", "option --out");
  const solutions = join(REPO_ROOT, "solutions");
  if (!existsSync(solutions)) throw new UsageError("rubric --new-hidden is for the instructor's repository: it grades solutions/ on the new cases, and this copy has none");
  let secret: Buffer;
  try {
    secret = secretFromText(readFileSync(checkReadableFile(args.options["secret-file"] as string, "option --secret-file"), "utf8"));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`option --secret-file: ${(err as Error).message}`);
  }
  let base;
  try {
    base = preflightRubric(args);
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    reportInstructorError(err, io);
    return EXIT.USAGE;
  }
  const only = typeof args.options.only === "string" ? args.options.only.split(",") : undefined;
  const graded = selectExercises(only);
  const families = (Object.keys(CASE_FAMILY_EXERCISES) as (keyof HiddenCases)[]).filter((f) => CASE_FAMILY_EXERCISES[f].every((id) => (graded as string[]).includes(id)));
  const kept = (Object.keys(CASE_FAMILY_EXERCISES) as (keyof HiddenCases)[]).filter((f) => !families.includes(f));
  if (!families.length) throw new UsageError(`option --only: no family of hidden cases is wholly graded by ${only?.join(",")}; coupling needs a,b; nll c; image d,e; dequantization f; maf g`);
  const scratch = mkdtempSync(join(tmpdir(), "flowgrade-rubric-"));
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const derived = deriveHiddenCases(secret, attempt);
      const rubric = JSON.parse(JSON.stringify(base)) as typeof base & { hiddenCases: Record<string, unknown> };
      rubric.title = `${(base.title ?? "FlowLab autograder").replace(/ \(private: .*\)$/, "")} (private: hidden cases from a term secret)`;
      rubric.hiddenCases = {
        $comment: `Private rubric: the hidden cases of ${families.join(", ")} were derived from a term secret by flowgrade rubric --new-hidden (draw ${attempt}) and checked on the reference solutions. Never give this file to students.`,
        ...base.hiddenCases,
        ...Object.fromEntries(families.map((f) => [f, derived[f]])),
      };
      validateRubric(rubric, "derived rubric");
      const candidate = join(scratch, `rubric-${attempt}.json`);
      writeFileSync(candidate, `${JSON.stringify(rubric, null, 2)}\n`);
      const limits = typeof args.options.concurrency === "number" ? { concurrency: args.options.concurrency } : {};
      const report = await gradeSubmission(solutions, { rubricPath: candidate, exercises: graded, mode: "grade", limits, env: io.env, signal: io.signal });
      if (report.error) {
        io.stderr.write(`flowgrade rubric: the reference solutions could not be graded: ${report.error}\n`);
        return EXIT.COULD_NOT_GRADE;
      }
      const failed = report.tests.filter((t) => !t.passed);
      const notDrawn = failed.filter((t) => t.cases !== "hidden");
      if (notDrawn.length) {
        io.stderr.write(`flowgrade rubric: the reference solutions fail ${notDrawn.map((t) => t.name).join(", ")} under the base rubric itself (not a drawn case); nothing written. Fix the rubric or the solutions first.\n`);
        return EXIT.USAGE;
      }
      if (!failed.length) {
        atomicWriteFile(out, readFileSync(candidate, "utf8"));
        io.stdout.write(
          `private rubric: ${out} (hidden cases of ${families.join(", ")} derived from the secret, draw ${attempt}; the solutions get ${report.tests.length}/${report.tests.length} tests on them)\n` +
            (kept.length ? `kept from the base rubric (not graded with --only): ${kept.join(", ")}\n` : "") +
            `next: flowgrade release --out build/release --rubric ${out}\n`,
        );
        return EXIT.OK;
      }
      io.stderr.write(`flowgrade rubric: draw ${attempt} refused: the reference solutions fail ${failed.map((t) => t.name).join(", ")}; trying the next draw\n`);
    }
    io.stderr.write(`flowgrade rubric: no draw of ${ATTEMPTS} passes the reference solutions; nothing written. Check the solutions (flowgrade grade solutions) or use another secret.\n`);
    return EXIT.USAGE;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
