/**
 * `flowgrade release --out DIR [--rubric private.json] [--lang fr]` (also `npm run release`): builds the
 * student release, the autograder and Gradescope's autograder.zip (see grader/release/). It needs
 * the instructor's repository (solutions/); the release builder is loaded only when this command
 * runs, since student copies of the grader do not contain it.
 */
import { join, relative } from "node:path";
import { UsageError, type CommandSpec, type ParsedArgs } from "../cli-args";
import { EXIT } from "../core/exit-codes";
import { REPO_ROOT } from "../core/paths";
import { InstructorError, preflightRubric, reportInstructorError, type CommandIO } from "./common";

/** grader/release/build-release.ts, named by a variable: a student copy has no grader/release/ and must still type-check. */
const BUILDER: string = "../release/build-release";

interface ReleaseBuilder {
  buildRelease(repo: string, outDir: string, options: { rubricPath?: string; lang?: string }): { student: string; autograder: string; zip: string; studentFiles: number; autograderFiles: number };
}

export const RELEASE_COMMAND: CommandSpec = {
  name: "release",
  summary: "Build DIR/student (the course for students, no secrets), DIR/autograder and DIR/gradescope/autograder.zip.",
  positionals: [],
  options: [
    { name: "out", kind: "out-dir", help: "the release folder (required); its student/, autograder/ and gradescope/ are replaced" },
    { name: "rubric", kind: "file", help: "the grading rubric for the autograder (default grader/rubric.json; e.g. a private one)" },
    { name: "lang", kind: "string", placeholder: "<en|fr|es>", help: "the language of the students' exercise files (default en; the notebooks come in every language)" },
  ],
  details: "Exit: 0 built; 2 usage or instructor error (no solutions/, an invalid rubric).",
  run: releaseCommand,
};

export async function releaseCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const out = args.options.out;
  if (typeof out !== "string") throw new UsageError("release needs --out <dir>: flowgrade release --out <dir>");
  try {
    preflightRubric(args);
  } catch (err) {
    if (!(err instanceof InstructorError)) throw err;
    reportInstructorError(err, io);
    return EXIT.USAGE;
  }
  let build: ReleaseBuilder;
  try {
    build = (await import(BUILDER)) as ReleaseBuilder;
  } catch {
    throw new UsageError("release is for the instructor's repository (this copy has no grader/release/)");
  }
  let summary;
  try {
    const lang = typeof args.options.lang === "string" ? args.options.lang : undefined;
    if (lang !== undefined && !["en", "fr", "es"].includes(lang)) throw new UsageError(`release --lang: the course's languages are en, fr, es; got "${lang}"`);
    summary = build.buildRelease(REPO_ROOT, out, { rubricPath: typeof args.options.rubric === "string" ? args.options.rubric : undefined, lang });
  } catch (err) {
    io.stderr.write(`flowgrade release: ${(err as Error).message}\n`);
    return EXIT.USAGE;
  }
  const rel = (p: string) => relative(process.cwd(), p) || ".";
  io.stdout.write(
    [
      `student release:   ${rel(summary.student)}/ (${summary.studentFiles} files; push it as the repository students clone)`,
      `autograder:        ${rel(summary.autograder)}/ (${summary.autograderFiles} files; grade-class and merge run there)`,
      `Gradescope:        ${rel(summary.zip)} (upload as the assignment's autograder)`,
      `check it:          cd ${rel(join(summary.student))} && npm ci && npm test && npm run check`,
      "",
    ].join("\n"),
  );
  return EXIT.OK;
}
