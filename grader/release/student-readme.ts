/**
 * The student release's README.md: templates/student-README.md with its exercise list generated
 * from the exercise registry (src/checks/exercises.ts), so that a new exercise appears there
 * without anyone editing the README: {{EXERCISES}} becomes a table (letter, what, file,
 * notebook), {{EXERCISE_COUNT}} and {{EXERCISE_FILES}} the number and names of the files.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXERCISES, EXERCISE_IDS } from "../../src/checks/exercises";
import { TEMPLATES } from "./templates-dir";

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** The registry as a Markdown table: | exercise | file in exercises/ | notebook |. */
export function exerciseTable(): string {
  const rows = EXERCISE_IDS.map((id) => {
    const e = EXERCISES[id];
    const [label, what] = e.title.split(/:\s+/, 2);
    return `| ${label.replace(/^Exercise /, "")} ${what ?? ""} | \`exercises/${e.file}\` | \`notebooks/${e.notebook}.ipynb\` |`;
  });
  return ["| exercise | your file | notebook |", "|---|---|---|", ...rows].join("\n");
}

export function renderStudentReadme(template = readFileSync(join(TEMPLATES, "student-README.md"), "utf8")): string {
  const files = EXERCISE_IDS.map((id) => `\`${EXERCISES[id].file}\``);
  const count = NUMBER_WORDS[files.length] ?? String(files.length);
  return template
    .replace("{{EXERCISES}}", exerciseTable())
    .replace("{{EXERCISE_COUNT}}", count)
    .replace("{{EXERCISE_FILES}}", `${files.slice(0, -1).join(", ")} and ${files.at(-1)}`);
}
