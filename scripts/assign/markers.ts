/**
 * Turns a reference solution into a student exercise by stripping its solution blocks.
 *
 * Pure: strings in, strings out, no file system. `scripts/assign.ts` does the I/O.
 *
 * Markers (nbgrader / Otter style, the same in every file):
 *
 *     // BEGIN SOLUTION
 *     ...reference code...
 *     // END SOLUTION
 *
 * Rules, each enforced with a `MarkerError` whose message starts with `file:line:`:
 *   - any line that contains `BEGIN SOLUTION` or `END SOLUTION` is a marker line, and a marker
 *     must be alone on its line: `// BEGIN SOLUTION` or `// END SOLUTION` plus whitespace only
 *     (so `/* BEGIN SOLUTION *\/` or `x(); // END SOLUTION` are rejected, never silently kept);
 *   - blocks do not nest: a BEGIN inside an open block is an error (reported at the inner BEGIN);
 *   - an END needs an open BEGIN (reported at the END);
 *   - every BEGIN needs an END before the end of the file (reported at the BEGIN).
 *
 * Each block, marker lines included, becomes two lines at the BEGIN marker's indentation:
 *
 *     // TODO(Exercise (a) AdditiveCoupling.forward): write your code here. Delete the next line when you start.
 *     throw new NotImplementedError("Exercise (a) AdditiveCoupling.forward");
 *
 * The exercise id is `<title> <where>`:
 *   - <title> comes from the first line of text of the file's first doc comment (`/** ... *\/`):
 *     "Exercise (a): the additive coupling..." gives "Exercise (a)" (the text before the first
 *     colon, when it starts with "Exercise"). Without such a line it is the file's name without
 *     `.ts`, e.g. "nll".
 *   - <where> is the nearest *enclosing* declaration above the BEGIN line, "enclosing" meaning
 *     indented less than the BEGIN marker. Declarations are `function name(`, `const name = (...) =>`
 *     / `= function` (top-level style, no prefix), and method lines `name(...) {` (ending in `{`,
 *     not a keyword such as `if (`). A method gets the enclosing `class Name` (the nearest class
 *     line indented less than the method) as a prefix: "AdditiveCoupling.forward"; a block directly in
 *     a class body gets the class name. Each non-declaration line passed on the way up that is
 *     indented less than the block (e.g. `return tf.tidy(() => {`) narrows the search to lines
 *     indented less than it, so a closed sibling helper is never taken for the enclosing one. A
 *     block at the top level has no <where>, and its id is just the title.
 *
 * The generated file starts with `exerciseHeader(file)`; see `renderExercise`.
 *
 * @example
 *   renderExercise(readFileSync("solutions/nll.ts", "utf8"), "solutions/nll.ts");
 *   // "// Exercise file generated from solutions/nll.ts by `npm run assign`. ..."
 */
import { GENERATED_LINES } from "./generated-lines";

/** A malformed solution marker. The message names `file:line` and the rule that was broken. */
export class MarkerError extends Error {
  override name = "MarkerError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly rule: string,
  ) {
    super(`${file}:${line}: ${rule}`);
  }
}

/** One solution block: 1-based line numbers of its markers, the BEGIN marker's indent, and its id. */
export interface SolutionBlock {
  begin: number;
  end: number;
  indent: string;
  exercise: string;
}

/** A line that mentions a marker at all; it must then be a well-formed marker. */
const MARKER_MENTION = /\b(BEGIN|END) SOLUTION\b/;
/** A well-formed marker line: the comment alone, whitespace around it allowed. */
const MARKER_LINE = /^(\s*)\/\/\s*(BEGIN|END) SOLUTION\s*$/;

const FUNCTION_DECL = /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]/;
const ARROW_DECL =
  /^(\s*)(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/;
const METHOD_DECL =
  /^(\s*)(?:(?:public|private|protected|static|async|override|get|set)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*\(.*\{\s*$/;
const CLASS_DECL = /^(\s*)(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/;
/** Words that look like `name(` at the start of a line but are not declarations. */
const NOT_A_METHOD = new Set([
  "if", "for", "while", "switch", "catch", "return", "function", "with", "new", "typeof",
  "await", "yield", "else", "do", "super", "this", "throw", "void", "delete", "case",
]);

/** The first line of every generated exercise file. */
export function exerciseHeader(file: string): string {
  return GENERATED_LINES.en.header.replace("{file}", baseName(file));
}

/** The full exercise file for a solution: the header line, then the source with its blocks stripped. */
export function renderExercise(source: string, file: string): string {
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  return exerciseHeader(file) + eol + stripSolutions(source, file);
}

/**
 * Replaces every BEGIN/END SOLUTION block (marker lines included) with a TODO comment and a
 * `throw new NotImplementedError("<exercise id>")`, at the BEGIN marker's indentation.
 * Code outside the blocks is kept byte for byte. A file without markers comes back unchanged.
 * @throws MarkerError for nested, unmatched or non-standalone markers (see the module doc).
 */
export function stripSolutions(source: string, file: string): string {
  const eol = source.includes("\r\n") ? "\r\n" : "\n";
  const lines = source.split(/\r?\n/);
  const blocks = findSolutionBlocks(source, file);
  const out: string[] = [];
  let next = 0;
  for (const block of blocks) {
    out.push(...lines.slice(next, block.begin - 1), ...placeholder(block));
    next = block.end;
  }
  out.push(...lines.slice(next));
  return out.join(eol);
}

/** The two lines that replace a block. */
export function placeholder(block: Pick<SolutionBlock, "indent" | "exercise">): string[] {
  return [
    `${block.indent}${GENERATED_LINES.en.todo.replace("{exercise}", block.exercise)}`,
    `${block.indent}throw new NotImplementedError(${JSON.stringify(block.exercise)});`,
  ];
}

/**
 * The solution blocks of a file, in order, validated.
 * @throws MarkerError naming `file:line` and the rule for the first malformed marker.
 */
export function findSolutionBlocks(source: string, file: string): SolutionBlock[] {
  const lines = source.split(/\r?\n/);
  const title = fileTitle(lines, file);
  const blocks: SolutionBlock[] = [];
  let open: { line: number; indent: string } | undefined;
  lines.forEach((text, index) => {
    const marker = parseMarker(text, file, index + 1);
    if (marker === undefined) return;
    if (marker.kind === "BEGIN") {
      if (open) {
        throw new MarkerError(file, index + 1, `nested BEGIN SOLUTION: the block opened at line ${open.line} is still open; close it with // END SOLUTION first (blocks do not nest).`);
      }
      open = { line: index + 1, indent: marker.indent };
      return;
    }
    if (!open) {
      throw new MarkerError(file, index + 1, "END SOLUTION without a matching BEGIN SOLUTION above it.");
    }
    blocks.push({ begin: open.line, end: index + 1, indent: open.indent, exercise: exerciseId(lines, open.line - 1, title) });
    open = undefined;
  });
  if (open) {
    throw new MarkerError(file, open.line, "BEGIN SOLUTION without a matching END SOLUTION before the end of the file.");
  }
  return blocks;
}

/** The marker on a line, if any. @throws MarkerError when the line mentions a marker but is not one. */
function parseMarker(text: string, file: string, line: number): { kind: "BEGIN" | "END"; indent: string } | undefined {
  if (!MARKER_MENTION.test(text)) return undefined;
  const match = MARKER_LINE.exec(text);
  if (!match) {
    throw new MarkerError(file, line, `a solution marker must be alone on its line ("// BEGIN SOLUTION" or "// END SOLUTION", whitespace only around it); got ${JSON.stringify(text.trim())}.`);
  }
  return { kind: match[2] as "BEGIN" | "END", indent: match[1] ?? "" };
}

/**
 * The file's exercise title: "Exercise (a)" from a first doc comment line "Exercise (a): ...",
 * else the file name without `.ts`.
 */
export function fileTitle(lines: readonly string[], file: string): string {
  const first = firstDocLine(lines);
  const match = first === undefined ? null : /^(Exercise\b[^:]*?)\s*(?::|$)/.exec(first);
  return match?.[1] ?? baseName(file).replace(/\.ts$/, "");
}

/** The first line of text of the first `/** ... *\/` comment, or undefined if there is none. */
function firstDocLine(lines: readonly string[]): string | undefined {
  const start = lines.findIndex((l) => l.trimStart().startsWith("/**"));
  if (start < 0) return undefined;
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const text = (i === start ? raw.trimStart().slice(3) : raw)
      .replace(/\*\/.*$/, "")
      .replace(/^\s*\*?\s*/, "")
      .trim();
    if (text) return text;
    if (raw.includes("*/")) return undefined;
  }
  return undefined;
}

/** `<title> <where>` for the block whose BEGIN marker is at 0-based `beginIndex` (see module doc). */
export function exerciseId(lines: readonly string[], beginIndex: number, title: string): string {
  const where = enclosingName(lines, beginIndex);
  return where ? `${title} ${where}` : title;
}

/**
 * "Class.method", "functionName", "Class" or undefined: the nearest declaration above line
 * `index` (0-based) that encloses it by indentation, prefixed by its class when it is a method.
 */
export function enclosingName(lines: readonly string[], index: number): string | undefined {
  let limit = indentOf(lines[index] ?? "");
  for (let i = index - 1; i >= 0; i--) {
    const text = lines[i] ?? "";
    if (!text.trim() || indentOf(text) >= limit) continue;
    const decl = declarationAt(text);
    if (decl?.kind === "function") return decl.name;
    if (decl?.kind === "method") {
      const owner = enclosingClass(lines, i, indentOf(text));
      return owner ? `${owner}.${decl.name}` : decl.name;
    }
    if (decl?.kind === "class") return decl.name;
    limit = Math.min(limit, outerLimit(text));
    if (limit === 0) return undefined;
  }
  return undefined;
}

/**
 * After passing a non-declaration line indented less than the block, the enclosing declaration
 * must be indented less than that line too. A line that starts with a closer (`): T {`,
 * `} else {`) continues a construct opened at its own indent, so that indent still qualifies.
 */
function outerLimit(text: string): number {
  return /^\s*[)\]}]/.test(text) ? indentOf(text) + 1 : indentOf(text);
}

/** The nearest `class Name` above line `index` indented less than `indent`. */
function enclosingClass(lines: readonly string[], index: number, indent: number): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const text = lines[i] ?? "";
    if (!text.trim() || indentOf(text) >= indent) continue;
    const match = CLASS_DECL.exec(text);
    if (match) return match[2];
  }
  return undefined;
}

/** What a line declares, if it looks like a function, method or class declaration. */
function declarationAt(text: string): { kind: "function" | "method" | "class"; name: string } | undefined {
  const fn = FUNCTION_DECL.exec(text) ?? ARROW_DECL.exec(text);
  if (fn?.[2]) return { kind: "function", name: fn[2] };
  const cls = CLASS_DECL.exec(text);
  if (cls?.[2]) return { kind: "class", name: cls[2] };
  const method = METHOD_DECL.exec(text);
  if (method?.[2] && !NOT_A_METHOD.has(method[2])) return { kind: "method", name: method[2] };
  return undefined;
}

/** Width of a line's leading whitespace (a tab counts as one). */
function indentOf(text: string): number {
  return text.length - text.trimStart().length;
}

/** The last path segment, for either separator. */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
