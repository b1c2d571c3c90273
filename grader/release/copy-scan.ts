/**
 * The copy scan: does any released file contain a solution, even renamed? (issue 16 item 3)
 *
 * Each solution block (the lines between `// BEGIN SOLUTION` and `// END SOLUTION` in
 * solutions/*.ts) and each released .ts / .js / .mjs / .cjs file and notebook code cell is
 *   1. stripped of its types and comments (TypeScript's own transpiler: `x as tf.Tensor2D`,
 *      `const z: tf.Tensor2D = …` and JSDoc leave no trace, so casts and annotations cannot
 *      hide a copy either),
 *   2. cut into tokens by TypeScript's scanner, where every identifier becomes `$` and every
 *      literal `#`, but keywords, punctuation and the property name after a `.` are kept: they
 *      carry the maths (`$.log`, `$.sum`, `$.matMul`, `this.logScale`), and renaming a variable or
 *      changing a constant changes nothing,
 *   3. compared by every run of WINDOW consecutive tokens. A released file that shares a run with
 *      a solution block holds (part of) that answer.
 * The one reason a run may be shared (ALLOWED, each with its reason) is stated in the test that
 * uses this; there is no list of files that may match.
 *
 * @example
 *   const hits = scanForCopies(solutionBlocks(repo), releasedCode(studentDir));
 *   // [] when nothing is copied; else [{ file: "src/x.ts", block: "solutions/actnorm.ts:68", runs: 12, … }]
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { findSolutionBlocks } from "../../scripts/assign/markers";

/** Tokens per compared run. Today's shortest copies (NLL, dequantization) share runs of about 20. */
export const WINDOW = 20;

/** A piece of code with a name: a solution block or a released file / notebook cell. */
export interface CodePiece {
  /** "solutions/actnorm.ts:68" or "src/bijectors/image/actnorm.ts" or "notebooks/06.ipynb#cell 3". */
  where: string;
  code: string;
}

/** A released piece that shares runs with a solution block. */
export interface CopyHit {
  file: string;
  block: string;
  /** How many distinct WINDOW-token runs they share. */
  runs: number;
  /** The first shared run, as normalised tokens (for the message). */
  example: string;
}

/** TypeScript → JavaScript without types or comments (a fragment is wrapped so that it parses). */
export function eraseTypes(code: string): string {
  return ts.transpileModule(code, {
    reportDiagnostics: false,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true, verbatimModuleSyntax: false, isolatedModules: true },
  }).outputText;
}

const LITERALS = new Set([
  ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.BigIntLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail,
]);

/**
 * JavaScript → normalised tokens: identifiers `$` (except a property name after `.` or `?.`),
 * literals `#`, keywords and punctuation as written. Import and export lines are dropped (an
 * import names a file, which the course may do), so are the keywords `export` and `default`.
 */
export function normalisedTokens(js: string): string[] {
  const withoutImports = js.replace(/^\s*import\b[^;]*;?\s*$/gm, "").replace(/^\s*export\s*\{[^}]*\}[^;]*;?\s*$/gm, "");
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, withoutImports);
  const out: string[] = [];
  const braces: number[] = []; // open-brace depth at each template `${`
  let depth = 0;
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.length > 0 && braces[braces.length - 1] === depth) {
      kind = scanner.reScanTemplateToken(false);
      if (kind === ts.SyntaxKind.TemplateTail) braces.pop();
    } else if (kind === ts.SyntaxKind.OpenBraceToken) depth++;
    else if (kind === ts.SyntaxKind.CloseBraceToken) depth--;
    if (kind === ts.SyntaxKind.TemplateHead) braces.push(depth);
    if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      const regexAllowed = previous === ts.SyntaxKind.OpenParenToken || previous === ts.SyntaxKind.EqualsToken || previous === ts.SyntaxKind.CommaToken || previous === ts.SyntaxKind.ReturnKeyword;
      if (regexAllowed) kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.ExportKeyword || kind === ts.SyntaxKind.DefaultKeyword) continue;
    let token: string;
    if (LITERALS.has(kind)) token = "#";
    else if (kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier) {
      token = previous === ts.SyntaxKind.DotToken || previous === ts.SyntaxKind.QuestionDotToken ? scanner.getTokenText() : "$";
    } else token = scanner.getTokenText();
    out.push(token);
    previous = kind;
  }
  return out;
}

/** The wrapper that makes a solution block parse on its own; its tokens are dropped again after the scan. */
const BLOCK_OPEN = "function __block() {";
const BLOCK_TOKENS = normalisedTokens(`${BLOCK_OPEN}}`);

/** Tokens of a TypeScript / JavaScript piece, types and comments erased first (a block's wrapper removed). */
export function pieceTokens(code: string): string[] {
  const tokens = normalisedTokens(eraseTypes(code));
  if (!code.startsWith(BLOCK_OPEN)) return tokens;
  const head = BLOCK_TOKENS.length - 1;
  return tokens.slice(head, tokens.length - 1);
}

/** The runs of WINDOW tokens, as strings. */
export function windows(tokens: readonly string[], size = WINDOW): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(" "));
  return out;
}

/** Every solution block of `repo`/solutions/*.ts, as a function body (so that `return` and `this` parse). */
export function solutionBlocks(repo: string): CodePiece[] {
  const dir = join(repo, "solutions");
  const out: CodePiece[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts")).sort()) {
    const source = readFileSync(join(dir, f), "utf8");
    const lines = source.split(/\r?\n/);
    for (const b of findSolutionBlocks(source, f)) {
      out.push({ where: `solutions/${f}:${b.begin}`, code: `${BLOCK_OPEN}\n${lines.slice(b.begin, b.end - 1).join("\n")}\n}` });
    }
  }
  return out;
}

/** Code cells of a notebook, one piece each. */
function notebookCells(path: string, rel: string): CodePiece[] {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells?: { cell_type: string; source: string | string[] }[] };
  return (nb.cells ?? []).flatMap((c, i) => (c.cell_type === "code" ? [{ where: `${rel}#cell ${i}`, code: Array.isArray(c.source) ? c.source.join("") : c.source }] : []));
}

/** Every .ts / .js / .mjs / .cjs file and notebook code cell under `dir` (symbolic links and node_modules skipped). */
export function releasedCode(dir: string): CodePiece[] {
  const out: CodePiece[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === "node_modules" || name === ".git") continue;
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isDirectory()) walk(p);
      else if (!st.isFile()) continue;
      else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) out.push({ where: rel, code: readFileSync(p, "utf8") });
      else if (name.endsWith(".ipynb")) out.push(...notebookCells(p, rel));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/**
 * The released pieces that share a run of WINDOW tokens with a solution block, with the count of
 * shared runs. `allowed` lists runs (normalised, space-separated) that may be shared, each for a
 * reason stated by the caller.
 */
export function scanForCopies(blocks: readonly CodePiece[], released: readonly CodePiece[], allowed: ReadonlySet<string> = new Set()): CopyHit[] {
  const owner = new Map<string, string>();
  for (const b of blocks) for (const w of windows(pieceTokens(b.code))) if (!allowed.has(w) && !owner.has(w)) owner.set(w, b.where);
  const hits: CopyHit[] = [];
  for (const piece of released) {
    const byBlock = new Map<string, string[]>();
    for (const w of windows(pieceTokens(piece.code))) {
      const block = owner.get(w);
      if (block) byBlock.set(block, [...(byBlock.get(block) ?? []), w]);
    }
    for (const [block, runs] of byBlock) hits.push({ file: piece.where, block, runs: runs.length, example: runs[0] });
  }
  return hits;
}
