/**
 * One course, three languages: the English notebooks in `notebooks/` are the source; a translation
 * of notebook NAME into language L is the prose beside them, `notebooks/i18n/L/NAME.yaml`:
 *
 *   cells:                       # one entry per markdown cell, by the cell's id
 *     title:
 *       source: 3f2a9c01         # which English text this translates (sourceHash of that cell)
 *       text: |
 *         # 00 · Vérification de l'environnement
 *   strings:                     # the code cells' prose: string literals, as written, English → L
 *     "Two moons (200 points)": "Deux lunes (200 points)"
 *
 * `translateNotebook` builds the L notebook: every markdown cell replaced by its translation, every
 * code cell the English code with its prose literals replaced (same cell ids, same order, same
 * code otherwise; a literal keeps its `${…}` placeholders). It reports every problem instead of
 * building a partial course: a missing or stale cell (the English changed since), a literal without
 * translation, a translation nothing uses, placeholders that differ, code that no longer parses.
 */
import { createHash } from "node:crypto";
import ts from "typescript";

export interface NotebookCell {
  cell_type: "markdown" | "code" | "raw";
  id: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export interface CellTranslation {
  /** sourceHash of the English cell this text translates. */
  source: string;
  text: string;
  /** Set by the extractor: not translated yet (new cell), or the English changed (stale). */
  todo?: boolean;
  /** The current English text, written by the extractor beside a stale translation. */
  english?: string;
}

export interface NotebookTranslation {
  language: string;
  notebook: string;
  cells: Record<string, CellTranslation>;
  /** English literal (as written between its quotes) → translated literal; null: not translated yet. */
  strings: Record<string, string | null>;
}

export const cellText = (cell: NotebookCell): string => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** The text of every code cell of `nb`, in order. */
const codeCells = (nb: Notebook): string[] => nb.cells.filter((c) => c.cell_type === "code").map(cellText);

/** Eight hex digits of SHA-256 over the cell's English text: enough to notice any change. */
export const sourceHash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 8);

/** nbformat's multi-line source: lines with their "\n", the last one without. */
export const toSourceLines = (text: string): string[] => text.split(/(?<=\n)/);

/** Property names whose string value is shown to a reader even when it is one word (axis titles, legends). */
const SHOWN_PROPERTIES = /^(title|subtitle|label|text|(x|y|color)Title|name)$/;

/** Parameter names of a notebook's own functions whose argument is shown to a reader even when it is one word (a chart's legend label). */
const SHOWN_PARAMETERS = /^(title|subtitle|label|(x|y|color)Title)$/;

/** A notebook's own functions (declared in any code cell) → the positions of their shown parameters: `trainLive(flow, label, color)` → trainLive: [1]. */
export type ShownParameters = ReadonlyMap<string, readonly number[]>;

export interface ProseLiteral {
  /** The literal as written between its delimiters (escapes and `${…}` included). */
  key: string;
  start: number;
  end: number;
  /** The delimiter: `"`, `'` or a backtick. */
  quote: string;
  /** Inside a template's `${…}`: translated after the template itself (translateNotebook). */
  nested: boolean;
}

/** The `${…}` placeholders of a template literal's text, in order. */
export function placeholders(text: string): string[] {
  const out: string[] = [];
  for (let i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
    let depth = 0;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === "{") depth++;
      else if (text[j] === "}" && --depth === 0) break;
    }
    out.push(text.slice(i, j + 1));
  }
  return out;
}

/** True when the literal's fixed text reads as prose: a word of two letters or more, and a space (or a shown property). */
function isProse(key: string, shownProperty: boolean): boolean {
  let fixed = key;
  for (const p of placeholders(key)) fixed = fixed.replace(p, " ");
  if (!/\p{L}{2,}/u.test(fixed)) return false;
  return shownProperty || /\p{L}{2,}[^\n]*\s[^\n]*\p{L}|\p{L}\s+\p{L}{2,}/u.test(fixed.trim());
}

/**
 * True when `node` is the value of a shown property or the argument of a shown parameter, directly
 * or as a branch of a conditional (title: k === 0 ? "Input" : …; trainLive(flow, "multiscale", …)).
 */
function isShownValue(node: ts.Node, file: ts.SourceFile, shown: ShownParameters): boolean {
  let value = node;
  while (ts.isParenthesizedExpression(value.parent) || (ts.isConditionalExpression(value.parent) && value.parent.condition !== value)) value = value.parent;
  const parent = value.parent;
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression)) return shown.get(parent.expression.text)?.includes(parent.arguments.indexOf(value as ts.Expression)) ?? false;
  return ts.isPropertyAssignment(parent) && parent.initializer === value && SHOWN_PROPERTIES.test(parent.name.getText(file));
}

/** The shown parameters of the functions the code cells declare (function declarations and const arrow or function expressions). */
export function shownParameters(codes: readonly string[]): ShownParameters {
  const found = new Map<string, number[]>();
  const positions = (params: ts.NodeArray<ts.ParameterDeclaration>) => params.flatMap((p, i) => (ts.isIdentifier(p.name) && SHOWN_PARAMETERS.test(p.name.text) ? [i] : []));
  for (const code of codes) {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) && node.name) found.set(node.name.text, positions(node.parameters));
      else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) found.set(node.name.text, positions(node.initializer.parameters));
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS));
  }
  return new Map([...found].filter(([, at]) => at.length > 0));
}

/**
 * True when `node`'s value is written into the text of the template around it: the expression of
 * a `${…}`, or a branch of a conditional (or of ?? / ||) that is, or the separator of a .join(…)
 * that is: `${ok ? "yes" : "no"}`, `${names.join(" and ")}` (not `${layer.passes("forward")}`).
 */
function isInterpolated(node: ts.Node): boolean {
  let value = node;
  for (;;) {
    const parent = value.parent;
    const branch =
      ts.isParenthesizedExpression(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== value) ||
      (ts.isBinaryExpression(parent) && parent.right === value && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind));
    const separator = ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === value && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "join";
    if (!branch && !separator) return ts.isTemplateSpan(parent) && parent.expression === value;
    value = parent;
  }
}

/**
 * The prose literals of a code cell: string and template literals that a reader sees (not module
 * specifiers, not object keys, not one-word identifiers such as "moons" or "quantitative"); a
 * one-word literal is prose as the value of a shown property or the argument of a shown parameter
 * of the notebook's own functions (`shown`, from shownParameters). Inside a template's `${…}`,
 * which is code and belongs to the template's key, a literal written into the template's text
 * (isInterpolated) is prose too, `nested`: it is translated where it stands, in the translated
 * template as in the English.
 */
export function proseLiterals(code: string, shown: ShownParameters = new Map()): ProseLiteral[] {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: ProseLiteral[] = [];
  const visit = (node: ts.Node, nested: boolean): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isImportTypeNode(node)) return;
    const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
    if (literal && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node) && !ts.isExternalModuleReference(node.parent)) {
      const start = node.getStart(file);
      const raw = code.slice(start, node.end);
      const key = raw.slice(1, -1);
      const prose = nested ? isInterpolated(node) && isProse(key, true) : isProse(key, isShownValue(node, file, shown));
      if (prose) found.push({ key, start, end: node.end, quote: raw[0], nested });
      // a template's ${…} parts belong to its key; what they write into its text is prose of its own
      if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression, true);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, nested));
  };
  visit(file, false);
  return found;
}

/** The code with every literal's text blanked: two cells are "the same code" when these agree. */
export function codeShape(code: string): string {
  const out: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, code);
  /** What each open "{" belongs to: a block or object ("{"), or a template's "${" ("`"). */
  const open: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    if (k === ts.SyntaxKind.OpenBraceToken) open.push("{");
    else if (k === ts.SyntaxKind.CloseBraceToken && open.pop() === "`") k = scanner.reScanTemplateToken(false);
    if (k === ts.SyntaxKind.TemplateHead || k === ts.SyntaxKind.TemplateMiddle) open.push("`");
    const literal = k === ts.SyntaxKind.StringLiteral || (k >= ts.SyntaxKind.NoSubstitutionTemplateLiteral && k <= ts.SyntaxKind.TemplateTail);
    out.push(literal ? `<${ts.SyntaxKind[k]}>` : scanner.getTokenText());
  }
  return out.join(" ");
}

export interface TranslationProblem {
  notebook: string;
  language: string;
  /** A cell id, or a literal. */
  where: string;
  problem: string;
}

/** Builds the translated notebook from the English one, or lists why it cannot. */
export function translateNotebook(english: Notebook, t: NotebookTranslation): { notebook: Notebook; problems: TranslationProblem[] } {
  const problems: TranslationProblem[] = [];
  const report = (where: string, problem: string) => problems.push({ notebook: t.notebook, language: t.language, where, problem });
  const used = new Set<string>();
  const shown = shownParameters(codeCells(english));
  const cells = english.cells.map((cell): NotebookCell => {
    const text = cellText(cell);
    if (cell.cell_type === "markdown") {
      const tr = t.cells[cell.id];
      if (!tr) report(cell.id, "no translation of this markdown cell");
      else if (tr.todo) report(cell.id, tr.english === undefined ? "not translated yet (todo)" : "the English changed: update the translation, then remove 'todo' (the extractor refreshes the hash)");
      else if (tr.source !== sourceHash(text)) report(cell.id, `the English changed since this translation (hash ${tr.source}, now ${sourceHash(text)}): run the extractor`);
      return { ...cell, source: toSourceLines((tr?.text ?? text).replace(/\n$/, "")) };
    }
    if (cell.cell_type !== "code") return cell;
    let code = text;
    // the templates first; then, in their translations, the literals their ${…} write into them
    for (const pass of [false, true]) for (const lit of proseLiterals(code, shown).filter((l) => l.nested === pass).reverse()) {
      used.add(lit.key);
      const translated = t.strings[lit.key];
      if (translated === undefined || translated === null) {
        report(cell.id, `no translation of the literal ${JSON.stringify(lit.key)}`);
        continue;
      }
      const [want, got] = [placeholders(lit.key), placeholders(translated)];
      if ([...want].sort().join("\u0000") !== [...got].sort().join("\u0000")) {
        report(cell.id, `the translation of ${JSON.stringify(lit.key)} must keep its placeholders ${want.join(" ") || "(none)"}; it has ${got.join(" ") || "none"}`);
        continue;
      }
      if (lit.quote !== "`" && (translated.includes("\n") || new RegExp(`(^|[^\\\\])${lit.quote}`).test(translated))) {
        report(cell.id, `the translation of ${JSON.stringify(lit.key)} may not contain an unescaped ${lit.quote} or a line break`);
        continue;
      }
      code = code.slice(0, lit.start) + lit.quote + translated + lit.quote + code.slice(lit.end);
    }
    if (codeShape(code) !== codeShape(text)) report(cell.id, "the translated code differs from the English beyond its literals (a quote or a backtick in a translation?)");
    return { ...cell, source: toSourceLines(code) };
  });
  for (const id of Object.keys(t.cells)) if (!english.cells.some((c) => c.id === id && c.cell_type === "markdown")) report(id, "translates a markdown cell the English notebook no longer has");
  for (const key of Object.keys(t.strings)) if (!used.has(key)) report(key, "translates a literal no code cell has any more");
  const notebook: Notebook = { ...english, cells, metadata: { ...english.metadata, language: t.language } };
  return { notebook, problems };
}

/**
 * The translation file brought up to date with the English notebook, keeping every translation:
 * new markdown cells and literals are added as todo (with the English text to translate), a cell
 * whose English changed gets `todo` and the new English beside its old translation, and a cell
 * whose stale mark the translator removed gets the new hash.
 */
/**
 * One translated text brought up to date with its English: new → todo with the English to
 * translate; unchanged → kept; stale → todo with the new English beside the old translation; a
 * stale mark the translator removed → the new hash recorded.
 */
export function refreshEntry(old: CellTranslation | undefined, english: string): CellTranslation {
  const hash = sourceHash(english);
  if (!old || (old.todo && old.english === undefined)) return { source: hash, text: english, todo: true };
  if (old.source === hash) return old;
  if (!old.todo && old.english !== undefined) return { source: hash, text: old.text };
  return { source: old.source, text: old.text, todo: true, english };
}

export function refreshTranslation(english: Notebook, t: NotebookTranslation): NotebookTranslation {
  const cells: Record<string, CellTranslation> = {};
  for (const cell of english.cells) {
    if (cell.cell_type !== "markdown") continue;
    cells[cell.id] = refreshEntry(t.cells[cell.id], cellText(cell));
  }
  const strings: Record<string, string | null> = {};
  const shown = shownParameters(codeCells(english));
  for (const cell of english.cells) {
    if (cell.cell_type !== "code") continue;
    for (const lit of proseLiterals(cellText(cell), shown)) strings[lit.key] = t.strings[lit.key] ?? null;
  }
  return { language: t.language, notebook: t.notebook, cells, strings };
}
