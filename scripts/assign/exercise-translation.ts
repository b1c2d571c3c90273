/**
 * Exercise files in the student's language. The code of an exercise is the same in every language
 * (so a submission grades the same); what changes is the prose a student reads: every doc comment
 * (`/** … *\/`, the header that teaches the maths and the shapes, and each function's), the
 * generated first line and the TODO lines. A translation of solutions/NAME.ts into language L is
 * `solutions/i18n/L/NAME.yaml`:
 *
 *   comments:
 *     "1":                      # the file's doc comments, in order
 *       source: 3f2a9c01        # sourceHash of the English comment's text
 *       text: |                 # the comment's text, without the " * " margins
 *         Exercice (c) : …
 *
 * Positions, not names, key the comments: adding a comment in the English marks the ones after
 * it stale, which the extractor (`npm run assign -- --extract fr`) shows with the new English.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { GENERATED_LINES } from "./generated-lines";
import { refreshEntry, sourceHash, type CellTranslation } from "../i18n/notebook-translation";

export interface ExerciseTranslation {
  language: string;
  file: string;
  comments: Record<string, CellTranslation>;
}

interface DocComment {
  start: number;
  end: number;
  /** The column of the opening "/**". */
  indent: string;
  /** The text without delimiters and " * " margins. */
  text: string;
}

/** The doc comments of a TypeScript source, in order. */
export function docComments(source: string): DocComment[] {
  const found: DocComment[] = [];
  for (const m of source.matchAll(/^([ \t]*)\/\*\*([\s\S]*?)\*\//gm)) {
    const inner = m[2];
    const lines = inner.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
    const text = (inner.includes("\n") ? lines.slice(1, lines.length - 1) : [inner.trim()]).join("\n").replace(/\s+$/, "");
    found.push({ start: m.index! + m[1].length, end: m.index! + m[0].length, indent: m[1], text });
  }
  return found;
}

/** A doc comment with this text, at this indent, one line when it fits on one. */
function renderComment(text: string, indent: string, oneLine: boolean): string {
  if (oneLine && !text.includes("\n")) return `/** ${text} */`;
  return `/**\n${text.split("\n").map((l) => `${indent} *${l ? ` ${l}` : ""}`).join("\n")}\n${indent} */`;
}

export const exerciseTranslationPath = (root: string, lang: string, file: string): string => join(root, "solutions", "i18n", lang, file.replace(/\.ts$/, ".yaml"));

export function readExerciseTranslation(root: string, lang: string, file: string): ExerciseTranslation | null {
  const path = exerciseTranslationPath(root, lang, file);
  if (!existsSync(path)) return null;
  const t = (parse(readFileSync(path, "utf8")) ?? {}) as Partial<ExerciseTranslation>;
  return { language: lang, file, comments: t.comments ?? {} };
}

export function exerciseTranslationYaml(t: ExerciseTranslation): string {
  return `# solutions/${t.file}'s doc comments in ${t.language}: translate 'text' only (see notebooks/i18n/README.md).\n${stringify({ language: t.language, file: t.file, comments: t.comments }, { blockQuote: "literal", lineWidth: 0 })}`;
}

/**
 * The English exercise file (as `renderExercise` writes it) in language `t.language`; throws one
 * error listing every missing or stale comment.
 */
export function translateExercise(english: string, t: ExerciseTranslation): string {
  const problems: string[] = [];
  let out = english;
  const comments = docComments(english);
  comments.forEach((c, i) => {
    const tr = t.comments[String(i + 1)];
    if (!tr || tr.todo) problems.push(`comment ${i + 1} ("${c.text.split("\n")[0].slice(0, 50)}…"): not translated yet`);
    else if (tr.source !== sourceHash(c.text)) problems.push(`comment ${i + 1} ("${c.text.split("\n")[0].slice(0, 50)}…"): the English changed since this translation; run npm run assign -- --extract ${t.language}`);
  });
  for (const key of Object.keys(t.comments)) if (Number(key) > comments.length) problems.push(`comment ${key}: the English file has only ${comments.length} doc comments`);
  if (problems.length) throw new Error(`solutions/i18n/${t.language}/${t.file.replace(/\.ts$/, ".yaml")}:\n  ${problems.join("\n  ")}`);
  for (const [i, c] of [...comments.entries()].reverse()) {
    const oneLine = !english.slice(c.start, c.end).includes("\n");
    out = out.slice(0, c.start) + renderComment(t.comments[String(i + 1)].text.replace(/\s+$/, ""), c.indent, oneLine) + out.slice(c.end);
  }
  const en = GENERATED_LINES.en;
  const lines = GENERATED_LINES[t.language];
  const [headBefore, headAfter] = en.header.split("{file}");
  out = out.replace(new RegExp(`^${escape(headBefore)}(\\S+)${escape(headAfter)}`), (_m, file: string) => lines.header.replace("{file}", file));
  const [todoBefore, todoAfter] = en.todo.split("{exercise}");
  return out.replace(new RegExp(`${escape(todoBefore)}(.*?)${escape(todoAfter)}`, "g"), (_m, ex: string) => lines.todo.replace("{exercise}", ex));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The translation brought up to date with the English exercise: new comments todo, changed ones todo with the new English. */
export function refreshExerciseTranslation(english: string, t: ExerciseTranslation): ExerciseTranslation {
  const comments: Record<string, CellTranslation> = {};
  docComments(english).forEach((c, i) => (comments[String(i + 1)] = refreshEntry(t.comments[String(i + 1)], c.text)));
  return { language: t.language, file: t.file, comments };
}
